//! The token as wallets show it. `build.rs` reads this file too: the symbol and decimals are part
//! of the metadata hash (RFC-78) that offline signers check, so the blobs it builds must use the
//! values the node gives wallets in the chain properties.

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "HCT";
/// Token decimals shown by wallets.
pub const TOKEN_DECIMALS: u8 = 12;
