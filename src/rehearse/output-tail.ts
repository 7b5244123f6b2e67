/**
 * The last bytes a server command printed, stdout and stderr interleaved in arrival order. A
 * chatty server can print for as long as it runs, so only a bounded tail is kept: the end of the
 * output is where a crash explains itself.
 */

/** Bytes kept by default: enough for a Python traceback, small enough for a report. */
export const DEFAULT_OUTPUT_BYTES = 8 * 1024;

/** A bounded tail of a process's output. */
export class OutputTail {
  #chunks: string[] = [];
  #length = 0;
  #dropped = false;

  #listeners: Array<(text: string) => void> = [];

  constructor(private readonly maxChars = DEFAULT_OUTPUT_BYTES) {}

  /** Calls `listener` with every chunk pushed from now on (the simulated container log follows the output this way). */
  onText(listener: (text: string) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Appends a chunk and drops the oldest text beyond the limit. */
  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (const listener of this.#listeners) listener(text);
    this.#chunks.push(text);
    this.#length += text.length;
    while (this.#length > this.maxChars && this.#chunks.length > 0) {
      const first = this.#chunks[0] as string;
      const excess = this.#length - this.maxChars;
      this.#dropped = true;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#length -= first.length;
      } else {
        this.#chunks[0] = first.slice(excess);
        this.#length -= excess;
      }
    }
  }

  /** The kept text; starts with a marker when older output was dropped. */
  text(): string {
    const body = this.#chunks.join('');
    return this.#dropped ? `[… earlier output dropped]\n${body}` : body;
  }
}
