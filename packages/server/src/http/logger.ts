/**
 * Structured logs: one JSON object per line, info and debug on stdout, warnings and errors on stderr.
 *
 * On Linux, writing to stdout is synchronous whether it is a file, a terminal or a pipe: one system
 * call per line, on the request's path (an access line per request cost the server about a third of
 * its requests per second). So info and debug lines are gathered and written together once per turn
 * of the event loop (`setImmediate`), in order; a warning or an error first writes what is gathered,
 * then itself at once; whatever is left is written when the process exits. A `kill -9` can lose at
 * most the lines of the turn it interrupted.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  /** Whether a record of this level would be written (a caller can skip gathering its fields). */
  enabled?(level: Level): boolean;
}

const ORDER: Level[] = ['debug', 'info', 'warn', 'error'];

/** What every logger still holds is written at exit: one listener for all of them. */
const atExit = new Set<() => void>();
process.once('exit', () => {
  for (const flush of atExit) flush();
});

interface Sink {
  write(text: string): unknown;
}

export function jsonLogger(
  minimum: Level = 'info',
  sinks: { out: Sink; err: Sink } = { out: process.stdout, err: process.stderr },
): Logger {
  const enabled = (level: Level) => ORDER.indexOf(level) >= ORDER.indexOf(minimum);
  let gathered: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (gathered.length === 0) return;
    const text = gathered.join('');
    gathered = [];
    sinks.out.write(text);
  };
  atExit.add(flush);
  return {
    enabled,
    log(level, message, fields = {}) {
      if (!enabled(level)) return;
      const line = `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`;
      if (level === 'error' || level === 'warn') {
        flush();
        sinks.err.write(line);
        return;
      }
      gathered.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/** Keeps records in memory; for tests. */
export function memoryLogger(): Logger & {
  records: { level: Level; message: string; fields: Record<string, unknown> }[];
} {
  const records: { level: Level; message: string; fields: Record<string, unknown> }[] = [];
  return { records, log: (level, message, fields = {}) => records.push({ level, message, fields }) };
}
