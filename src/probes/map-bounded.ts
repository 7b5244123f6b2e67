/**
 * Runs `work` on every item with at most `limit` calls in flight, and gives the results in the
 * items' order. Each of the `limit` workers takes the next item as it finishes one; a call that
 * throws rejects the whole map (the others keep running to their end, as with `Promise.all`).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
