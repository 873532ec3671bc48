#!/usr/bin/env node
// The JSON steps of scripts/parachain-spec.sh (the functions are in scripts/lib/para-genesis.mjs):
//
//   node scripts/para-genesis.mjs genesis <preset.json> [--para-id N] [--collator ACCOUNT[=AURA]]...
//       [--sudo ACCOUNT] [--balance ACCOUNT=AMOUNT]...
//     prints the preset (as `chain-spec-builder display-preset` wrote it) with those replaced
//   node scripts/para-genesis.mjs para-id <genesis.json>
//     prints the para id the genesis carries
//   node scripts/para-genesis.mjs properties <chain spec.json>
//     prints the spec's token and SS58 prefix as `chain-spec-builder create --properties` takes them
//
// Errors go to stderr, with exit code 2.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { paraIdOf, parseBalance, parseCollator, parseJson, parseKey, patchGenesis, propertiesArgument, toJson } from './lib/para-genesis.mjs';

const readJson = (path) => parseJson(readFileSync(path, 'utf8'));

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'para-id': { type: 'string' },
      collator: { type: 'string', multiple: true },
      sudo: { type: 'string' },
      balance: { type: 'string', multiple: true },
    },
  });
  const [command, file, ...extra] = positionals;
  if (!file || extra.length) throw new Error('usage: para-genesis.mjs genesis <preset.json> [options] | para-id <genesis.json> | properties <chain spec.json>');
  if (command === 'properties') return propertiesArgument(readJson(file));
  if (command === 'para-id') return String(paraIdOf(readJson(file)));
  if (command !== 'genesis') throw new Error(`unknown command '${command}': genesis, para-id or properties`);
  await cryptoWaitReady();
  const paraId = values['para-id'];
  if (paraId !== undefined && !/^\d+$/.test(paraId)) throw new Error(`--para-id ${paraId}: a whole number`);
  const genesis = patchGenesis(readJson(file), {
    paraId: paraId === undefined ? undefined : Number(paraId),
    collators: values.collator?.map(parseCollator),
    sudo: values.sudo === undefined ? undefined : parseKey(values.sudo),
    balances: values.balance?.map(parseBalance),
  });
  return toJson(genesis);
}

try {
  process.stdout.write(`${await main(process.argv.slice(2))}\n`);
} catch (e) {
  process.stderr.write(`para-genesis: ${e.message}\n`);
  process.exitCode = 2;
}
