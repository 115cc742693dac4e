/** The lookups cache of organizations and devices (store/cache.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FoundCache } from '../src/store/cache.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('a cache of found rows', () => {
  it('loads a found row once within its time to live', async () => {
    const cache = new FoundCache<string>(1000);
    const load = vi.fn(async () => 'acme');
    expect(await cache.get('acme', load)).toBe('acme');
    expect(await cache.get('acme', load)).toBe('acme');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never keeps a miss, so a row seeded later is found at once', async () => {
    const cache = new FoundCache<string>(1000);
    let stored: string | undefined;
    const load = async () => stored;
    expect(await cache.get('globex', load)).toBeUndefined();
    stored = 'globex';
    expect(await cache.get('globex', load)).toBe('globex');
  });

  it('loads again once the time to live has passed', async () => {
    vi.useFakeTimers();
    const cache = new FoundCache<string>(1000);
    const load = vi.fn(async () => 'acme');
    await cache.get('acme', load);
    vi.advanceTimersByTime(1001);
    await cache.get('acme', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stays bounded: full, it starts over rather than grow', async () => {
    const cache = new FoundCache<number>(60_000, 3);
    const load = vi.fn(async () => 1);
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(5);
  });
});
