//! What the project's services share: a JSON-RPC client for the node ([`rpc`]), over one HTTP(S)
//! client ([`http`]), and requests signed by accounts ([`auth`]).

pub mod auth;
pub mod http;
pub mod rpc;

pub use rpc::{ChainError, Rpc};
