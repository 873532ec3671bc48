//! Runtime API of the key directory pallet: the X25519 encryption key an account has published,
//! which a wallet reads before it seals a record's data key to that account with HPKE.
//!
//! The runtime implements the method by calling `pallet_key_directory::Pallet::key_of`, which
//! is also the pallet's view function.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

use codec::Codec;
pub use pallet_key_directory::{PublishedKey, X25519PublicKey};

sp_api::decl_runtime_apis! {
	/// Queries of the key directory.
	///
	/// `AccountId`, `Balance` and `BlockNumber` are the runtime's account, balance (deposit)
	/// and block number types.
	pub trait KeyDirectoryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The encryption key `who` has published, with its version, the block it was
		/// published in and the deposit held for it, or `None` if `who` has published none.
		fn key_of(who: AccountId) -> Option<PublishedKey<BlockNumber, Balance>>;
	}
}
