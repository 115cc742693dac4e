/** Structured logs: one JSON object per line. */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(minimum: Level = 'info'): Logger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  return {
    log(level, message, fields = {}) {
      if (order.indexOf(level) < order.indexOf(minimum)) return;
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
