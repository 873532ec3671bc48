// The metadata hash of RFC-78 ("merkleized metadata"): what an offline signer such as the
// Ledger generic app signs along with a transaction (`CheckMetadataHash`, mode 1), and what the
// runtime compares with the hash its build computed. A wallet computes it from the chain's
// metadata V15 and the token it shows (symbol and decimals from the chain properties); spec
// name, spec version and SS58 prefix come from the metadata itself.

import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { u8aToHex } from '@polkadot/util';

/**
 * The metadata hash of the runtime `api` is connected to, as `0x…` hex, with the token of the
 * chain properties (`tokenSymbol`, `tokenDecimals`).
 */
export async function metadataHash(api) {
  const opaque = await api.call.metadata.metadataAtVersion(15);
  if (opaque.isNone) throw new Error('the runtime serves no metadata V15, which the metadata hash is computed from');
  const properties = api.registry.getChainProperties();
  const decimals = properties?.tokenDecimals.unwrapOr([])[0]?.toNumber();
  const tokenSymbol = properties?.tokenSymbol.unwrapOr([])[0]?.toString();
  if (decimals === undefined || tokenSymbol === undefined) {
    throw new Error('the chain properties name no token (tokenSymbol, tokenDecimals), which the metadata hash covers');
  }
  // `OpaqueMetadata` is bytes: without their length prefix they are the prefixed metadata.
  const metadata = opaque.unwrap().toU8a(true);
  return u8aToHex(merkleizeMetadata(metadata, { decimals, tokenSymbol }).digest());
}
