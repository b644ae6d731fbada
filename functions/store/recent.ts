// What a warm container keeps of reference data it read (the unit registry, campaigns, rounds as the read
// routes see them), each record for at most REFERENCE_CACHE_SECONDS from the moment its read was sent: a
// change made in another container is seen everywhere within that bound; one made through this container's
// own writes is seen at once (the writers call `forget`). Absent records are never kept, so a record
// created meanwhile is found on its first request.

import { REFERENCE_CACHE_MS } from '../config.ts';

export class Recent<T> {
  private readonly entries = new Map<string, { value: T; readAt: number }>();

  constructor(
    readonly ttlMs: number = REFERENCE_CACHE_MS,
    /** Milliseconds; injected by tests. */
    readonly clock: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value read less than `ttlMs` ago, or undefined. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry && this.clock() - entry.readAt < this.ttlMs) return entry.value;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /**
   * Reads with `read` unless a recent value is kept (`fresh`: read anyway), and keeps what was found,
   * stamped with the time the read was sent.
   */
  async through(key: string, read: () => Promise<T | undefined>, fresh = false): Promise<T | undefined> {
    const kept = fresh ? undefined : this.get(key);
    if (kept !== undefined) return kept;
    const readAt = this.clock();
    const value = await read();
    if (value === undefined) this.entries.delete(key);
    else if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, readAt });
    }
    return value;
  }

  forget(key: string) {
    this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }
}
