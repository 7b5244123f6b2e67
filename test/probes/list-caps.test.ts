import { describe, expect, it } from 'vitest';
import { LargeBodyGate } from '../../src/probes/large-body-gate.js';
import { listAll, LIST_CAPS } from '../../src/probes/mcp-session.js';
import { toolsList } from '../../src/checks/mcp/list-checks.js';
import type { McpSessionObservation } from '../../src/model/observations.js';

/** Pagination caps across pages (issue 16) and the large-body gate. */
describe('listAll', () => {
  const endless = (perPage: number, bytes: number) => async (cursor: string | undefined) => {
    const page = Number(cursor ?? 0);
    return { names: Array.from({ length: perPage }, (_, i) => `t${page}_${i}`), nextCursor: String(page + 1), bytes };
  };
  const id = (error: unknown) => ({ ok: false as const, error: String(error) });

  it.each([
    ['the item cap', endless(3_000, 1_000), { cap: '10000 items', pages: 4, count: 12_000 }],
    ['the byte cap', endless(10, 5 * 1024 * 1024), { cap: '16 MiB', pages: 4, count: 40 }],
    ['the page cap', endless(1, 100), { cap: '50 pages', pages: 50, count: 50 }],
  ])('an endless list stops at %s and says so', async (_name, fetchPage, expected) => {
    const step = await listAll(fetchPage, id);
    expect(step.ok).toBe(true);
    expect(step.capped?.cap).toBe(expected.cap);
    expect(step.pages).toBe(expected.pages);
    expect(step.count).toBe(expected.count);
    expect(step.names.length).toBeLessThanOrEqual(LIST_CAPS.items);
  });

  it('a list that ends within the caps is complete and not capped', async () => {
    const pages = [{ names: ['a', 'b'], nextCursor: 'x', bytes: 10 }, { names: ['c'], bytes: 5 }];
    const step = await listAll(async (cursor) => pages[cursor === undefined ? 0 : 1] as (typeof pages)[number], id);
    expect(step).toEqual({ ok: true, count: 3, pages: 2, names: ['a', 'b', 'c'] });
  });

  it('a list that ends exactly at a cap is not reported as capped', async () => {
    const step = await listAll(async () => ({ names: Array.from({ length: 10_000 }, (_, i) => `n${i}`), bytes: 100 }), id);
    expect(step.capped).toBeUndefined();
    expect(step.count).toBe(10_000);
  });

  it('a repeated cursor is a loop, not a cap', async () => {
    const step = await listAll(async () => ({ names: ['a'], nextCursor: 'same', bytes: 1 }), id);
    expect(step.cursorLoop).toBe(true);
    expect(step.capped).toBeUndefined();
  });

  it('a page that fails ends the list in the words of the describer, counting the failed page', async () => {
    const step = await listAll(async (cursor) => {
      if (cursor === undefined) return { names: ['a'], nextCursor: 'next', bytes: 1 };
      throw new Error('page two refused');
    }, id);
    expect(step).toStrictEqual({ ok: false, error: 'Error: page two refused', count: 1, pages: 2, names: ['a'] });
  });

  it('the list checks name the cap', () => {
    expect(listsChecks()).toMatch(/pagination did not end: mcp-doctor stopped at its cap of 10000 items \(12000 items, 4 KiB in 4 pages, and still a nextCursor\)/);
  });
});

describe('LargeBodyGate', () => {
  it('hands out its slots, queues the rest in order and passes a released slot on', async () => {
    const gate = new LargeBodyGate(2);
    const first = await gate.acquire();
    const second = await gate.acquire();
    expect(gate.free).toBe(0);
    const order: string[] = [];
    const third = gate.acquire().then((release) => (order.push('third'), release));
    const fourth = gate.acquire().then((release) => (order.push('fourth'), release));
    first();
    first(); // a second call changes nothing
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    second();
    (await fourth)();
    releaseThird();
    expect(order).toEqual(['third', 'fourth']);
    expect(gate.free).toBe(2);
  });

  it('a wait ends with its signal and takes no slot', async () => {
    const gate = new LargeBodyGate(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    held();
    expect(gate.free).toBe(1);
  });
});

/** The tools-list check's finding for a session whose list was capped after 4 pages of 1 KiB. */
export function listsChecks(): string {
  const session: McpSessionObservation = {
    connect: { ok: true },
    capabilities: ['tools'],
    sessionIssued: false,
    requests: 6,
    rounds: 6,
    tools: { ok: true, count: 12_000, pages: 4, names: [], capped: { cap: '10000 items', items: 12_000, bytes: 4_096 } },
  };
  const finding = (toolsList.run as (observations: { 'mcp-session': McpSessionObservation }) => { args?: { detail?: string } } | undefined)({ 'mcp-session': session });
  return finding?.args?.detail ?? '';
}
