//! The input format: how fuzzer bytes become [`Block`]s of [`Action`]s, and how seeds are
//! written so that they read back as the scenario they describe.
//!
//! An input is a sequence of blocks. A block is one byte `n` followed by `n` actions, each
//! read by `arbitrary` (a derived enum reads a `u32` to pick its variant, then its fields in
//! order; a byte reference is one byte, a `bool` one byte, an `Option` a `bool` then its
//! value). Reading stops at the end of the input or after [`MAX_BLOCKS`] blocks; an action cut
//! short by the end of the input is dropped.

use crate::actions::Action;
use arbitrary::{Arbitrary, Unstructured};

/// Most blocks an input produces.
pub const MAX_BLOCKS: usize = 32;
/// Most actions in a block: enough calls to fill a block's weight with the heaviest ones.
pub const MAX_ACTIONS: u8 = u8::MAX;

/// The actions of one block, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
	/// What the block's transactions do, and how long to wait after it.
	pub actions: Vec<Action>,
}

/// Reads `data` as blocks of actions. Every input reads as something.
pub fn decode(data: &[u8]) -> Vec<Block> {
	let mut u = Unstructured::new(data);
	let mut blocks = Vec::new();
	while !u.is_empty() && blocks.len() < MAX_BLOCKS {
		// Reading a byte cannot fail: a missing byte reads as zero.
		let count = u8::arbitrary(&mut u).unwrap_or_default();
		let mut actions = Vec::new();
		for _ in 0..count {
			if u.is_empty() {
				break;
			}
			match Action::arbitrary(&mut u) {
				Ok(action) => actions.push(action),
				Err(_) => break,
			}
		}
		blocks.push(Block { actions });
	}
	blocks
}

/// Writes `blocks` as the input that [`decode`] reads back as them.
pub fn encode(blocks: &[Block]) -> Vec<u8> {
	assert!(blocks.len() <= MAX_BLOCKS, "an input holds at most {MAX_BLOCKS} blocks");
	let mut out = Vec::new();
	for block in blocks {
		let count = u8::try_from(block.actions.len())
			.unwrap_or_else(|_| panic!("a block holds at most {MAX_ACTIONS} actions"));
		out.push(count);
		for action in &block.actions {
			action.put(&mut out);
		}
	}
	out
}

/// A value written as the bytes `arbitrary` reads it from.
pub trait Put {
	/// Appends the bytes of `self` to `out`.
	fn put(&self, out: &mut Vec<u8>);
}

impl Put for u8 {
	fn put(&self, out: &mut Vec<u8>) {
		out.push(*self);
	}
}

impl Put for u32 {
	fn put(&self, out: &mut Vec<u8>) {
		out.extend_from_slice(&self.to_le_bytes());
	}
}

impl Put for bool {
	fn put(&self, out: &mut Vec<u8>) {
		out.push(u8::from(*self));
	}
}

impl<T: Put> Put for Option<T> {
	fn put(&self, out: &mut Vec<u8>) {
		self.is_some().put(out);
		if let Some(value) = self {
			value.put(out);
		}
	}
}
