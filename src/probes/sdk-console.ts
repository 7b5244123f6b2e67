/**
 * The v2 MCP client writes some warnings straight to `console.warn` (an excluded tool, a
 * deprecated option), with server-controlled text in them. The doctor never prints from a probe,
 * and never lets a server's words reach the terminal unsanitized, so while a v2 session runs those
 * lines are collected instead. Runs may overlap (`--fleet`): the console is patched by the first
 * and restored by the last.
 */

type Sink = (line: string) => void;

const sinks = new Set<Sink>();
let original: { warn: typeof console.warn; error: typeof console.error } | undefined;

/** Sends console warnings and errors to `sink` until the returned function is called. */
export function captureConsole(sink: Sink): () => void {
  if (!original) {
    original = { warn: console.warn, error: console.error };
    const collect = (...args: unknown[]): void => {
      const line = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' ');
      for (const each of sinks) each(line);
    };
    console.warn = collect;
    console.error = collect;
  }
  sinks.add(sink);
  return () => {
    sinks.delete(sink);
    if (sinks.size === 0 && original) {
      console.warn = original.warn;
      console.error = original.error;
      original = undefined;
    }
  };
}
