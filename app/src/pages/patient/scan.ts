// Reads the consent events of recent blocks for the access trail: newest first, a bounded window
// at a time (2,000 blocks), each block's events cached in memory by block hash. A node prunes the
// state of old blocks (the last 256 by default), so `system.events` of older blocks may be gone;
// the scan stops there and says so. An archive node keeps them all.

import type { ApiPromise } from '@polkadot/api';
import { useEffect, useState } from 'preact/hooks';
import { useChain } from '../../chain';

export interface ConsentEvent {
  block: number;
  /** Position of the event in its block. */
  index: number;
  /** Block time (ms). */
  time: number | null;
  method: string;
  /** The event's fields by name, as JSON. */
  fields: Record<string, any>;
}

export const WINDOW = 2_000;
const PARALLEL = 16;

export interface ScanState {
  /** Lowest and highest block read, or null before the first. */
  low: number | null;
  high: number | null;
  /** Blocks read and to read in the current pass. */
  done: number;
  total: number;
  scanning: boolean;
  /** The first block whose state the node no longer has, if the scan met one. */
  prunedAt: number | null;
  error: string | null;
  events: ConsentEvent[];
}

class Scanner {
  private byHash = new Map<string, ConsentEvent[]>();
  private hashOf = new Map<number, string>();
  private listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  state: ScanState = { low: null, high: null, done: 0, total: 0, scanning: false, prunedAt: null, error: null, events: [] };

  constructor(private api: ApiPromise) {}

  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<ScanState>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }

  /** Reads the blocks after the highest read up to `head` (the last `WINDOW` on the first call). */
  catchUp(head: number) {
    this.queue = this.queue.then(async () => {
      const { high } = this.state;
      if (high !== null && head <= high) return;
      const from = high === null ? Math.max(0, head - WINDOW + 1) : high + 1;
      const reached = await this.read(from, head);
      if (this.state.low === null || reached < this.state.low) this.update({ low: reached });
      this.update({ high: head });
    });
    return this.queue;
  }

  /** Reads the `WINDOW` blocks below the lowest read. */
  older() {
    this.queue = this.queue.then(async () => {
      const { low, prunedAt } = this.state;
      if (low === null || low === 0 || prunedAt !== null) return;
      const from = Math.max(0, low - WINDOW);
      const reached = await this.read(from, low - 1);
      this.update({ low: reached });
    });
    return this.queue;
  }

  /** Reads blocks `until` down to `from`; resolves with the lowest block read. */
  private async read(from: number, until: number): Promise<number> {
    this.update({ scanning: true, done: 0, total: until - from + 1, error: null });
    let lowest = until + 1;
    try {
      for (let top = until; top >= from; top -= PARALLEL) {
        const numbers = [];
        for (let n = top; n > top - PARALLEL && n >= from; n--) numbers.push(n);
        const results = await Promise.allSettled(numbers.map((n) => this.block(n)));
        const failed = results.findIndex((r) => r.status === 'rejected');
        if (failed >= 0) {
          const reason = (results[failed] as PromiseRejectedResult).reason as Error;
          if (/discarded|pruned|not found|unknown block/i.test(reason?.message ?? '')) {
            this.update({ prunedAt: numbers[failed] });
            return numbers[failed] + 1;
          }
          throw reason;
        }
        lowest = numbers[numbers.length - 1];
        this.update({ done: until - lowest + 1, events: this.collect() });
      }
      return lowest;
    } catch (e) {
      this.update({ error: (e as Error).message });
      return lowest;
    } finally {
      this.update({ scanning: false, events: this.collect() });
    }
  }

  private async block(n: number) {
    let hash = this.hashOf.get(n);
    if (!hash) {
      hash = (await this.api.rpc.chain.getBlockHash(n)).toHex();
      this.hashOf.set(n, hash);
    }
    if (this.byHash.has(hash)) return;
    const records: any = await this.api.query.system.events.at(hash);
    const found: ConsentEvent[] = [];
    records.forEach((record: any, index: number) => {
      const { event } = record;
      if (event.section !== 'consent') return;
      // Field names as the metadata has them (`expires_at`), camel-cased as the JSON of the values is.
      const names: string[] = event.meta.fields.map((f: any) => f.name.toString().replace(/_([a-z0-9])/g, (_m: string, c: string) => c.toUpperCase()));
      const fields: Record<string, any> = {};
      names.forEach((name, i) => (fields[name] = event.data[i].toJSON()));
      found.push({ block: n, index, time: null, method: event.method, fields });
    });
    if (found.length) {
      const time = Number((await (this.api.query as any).timestamp.now.at(hash)).toString());
      found.forEach((e) => (e.time = time));
    }
    this.byHash.set(hash, found);
  }

  private collect(): ConsentEvent[] {
    const out: ConsentEvent[] = [];
    for (const [n, hash] of this.hashOf) out.push(...(this.byHash.get(hash) ?? []).map((e) => ({ ...e, block: n })));
    return out.sort((a, b) => b.block - a.block || b.index - a.index);
  }
}

const scanners = new WeakMap<ApiPromise, Scanner>();

function scannerOf(api: ApiPromise): Scanner {
  let s = scanners.get(api);
  if (!s) scanners.set(api, (s = new Scanner(api)));
  return s;
}

/** The consent events of the blocks read so far, kept up to the finalized head. */
export function useConsentEvents(): ScanState & { loadOlder: () => void } {
  const { api, finalized } = useChain();
  const scanner = api ? scannerOf(api) : null;
  const [state, setState] = useState<ScanState | null>(scanner?.state ?? null);
  useEffect(() => {
    if (!scanner) return;
    setState(scanner.state);
    return scanner.subscribe(() => setState(scanner.state));
  }, [scanner]);
  useEffect(() => {
    scanner?.catchUp(finalized);
  }, [scanner, finalized]);
  const empty: ScanState = { low: null, high: null, done: 0, total: 0, scanning: false, prunedAt: null, error: null, events: [] };
  return { ...(state ?? empty), loadOlder: () => scanner?.older() };
}
