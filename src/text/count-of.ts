/**
 * "1 check", "2 checks": a count and its noun in agreement. `plural` is for nouns that do not just
 * take an s ("1 entry", "2 entries").
 */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
