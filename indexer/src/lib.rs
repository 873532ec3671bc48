//! The indexer: follows finalized blocks into a database ([`follow`], [`store`]) and serves
//! what it indexed ([`api`]).

pub mod api;
pub mod epcis;
pub mod fhir;
pub mod follow;
pub mod store;
pub mod supply;
pub mod trail;
