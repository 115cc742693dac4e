/** Structured logs: one JSON object per line. */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  /** Whether a record of this level would be written (a caller can skip gathering its fields). */
  enabled?(level: Level): boolean;
}

const ORDER: Level[] = ['debug', 'info', 'warn', 'error'];

export function jsonLogger(minimum: Level = 'info'): Logger {
  const enabled = (level: Level) => ORDER.indexOf(level) >= ORDER.indexOf(minimum);
  return {
    enabled,
    log(level, message, fields = {}) {
      if (!enabled(level)) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
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
