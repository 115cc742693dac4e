/**
 * A small time-bounded cache of rows the API only reads: organizations and devices are written by
 * the seed alone, never by a request, so a found one can be reused for a few seconds (every request
 * starts by looking both up). Only found rows are kept, so a row seeded later is seen at once; the
 * size is bounded (cleared when full), so memory does not grow with the keys requested.
 */
export class FoundCache<T> {
  readonly #entries = new Map<string, { value: T; until: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs = 10_000, max = 10_000) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  async get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (value === undefined) return undefined;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(key, { value, until: now + this.#ttlMs });
    return value;
  }
}
