//! What the project's services share: a JSON-RPC client for the node ([`rpc`]), over one HTTP(S)
//! client ([`http`]), requests signed by accounts ([`auth`]), and serving HTTP ([`serve`]).

pub mod auth;
pub mod cors;
pub mod http;
pub mod rpc;
pub mod serve;

pub use rpc::{ChainError, Rpc};
