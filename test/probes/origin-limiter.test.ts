import { describe, expect, it } from 'vitest';
import { createOriginLimiter } from '../../src/probes/origin-limiter.js';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('per-origin limiter', () => {
  it('lets at most the cap through per origin, in order, and each origin separately', async () => {
    const limiter = createOriginLimiter(2);
    const granted: string[] = [];
    const take = (origin: string, name: string) => limiter.acquire(origin).then((release) => (granted.push(name), release));
    const a1 = take('http://a', 'a1');
    const a2 = take('http://a', 'a2');
    const a3 = take('http://a', 'a3');
    const a4 = take('http://a', 'a4');
    const b1 = take('http://b', 'b1');
    await flush();
    expect(granted).toEqual(['a1', 'a2', 'b1']);
    expect(limiter.active('http://a')).toBe(2);
    (await a2)();
    await flush();
    expect(granted).toEqual(['a1', 'a2', 'b1', 'a3']);
    // Releasing twice frees one slot only.
    (await a1)();
    (await a1)();
    await flush();
    expect(granted).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    expect(limiter.active('http://a')).toBe(2);
    (await a3)();
    (await a4)();
    (await b1)();
    expect(limiter.active('http://a')).toBe(0);
    expect(limiter.active('http://b')).toBe(0);
  });

  it('a waiter whose signal aborts leaves the queue and never takes a slot', async () => {
    const limiter = createOriginLimiter(1);
    const first = await limiter.acquire('http://a');
    const controller = new AbortController();
    const waiting = limiter.acquire('http://a', controller.signal);
    const next = limiter.acquire('http://a');
    controller.abort();
    await expect(waiting).rejects.toThrow();
    first();
    const release = await next;
    expect(limiter.active('http://a')).toBe(1);
    release();
    expect(limiter.active('http://a')).toBe(0);
    await expect(limiter.acquire('http://a', AbortSignal.abort())).rejects.toThrow();
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => createOriginLimiter(0)).toThrow(RangeError);
    expect(() => createOriginLimiter(1.5)).toThrow(RangeError);
  });
});
