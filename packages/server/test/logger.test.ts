/**
 * The JSON logger: info lines are gathered and written once per turn of the event loop (stdout is
 * synchronous on Linux: a write per line was a system call per request), in order with warnings and
 * errors, and nothing gathered is lost when the process exits.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../src/http/logger.ts';

function recorder() {
  const writes: { to: 'out' | 'err'; text: string }[] = [];
  const logger = jsonLogger('info', {
    out: { write: (text: string) => writes.push({ to: 'out', text }) },
    err: { write: (text: string) => writes.push({ to: 'err', text }) },
  });
  const messages = () =>
    writes.flatMap((w) =>
      w.text
        .trim()
        .split('\n')
        .map((line) => `${w.to} ${(JSON.parse(line) as { message: string }).message}`),
    );
  return { logger, writes, messages };
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the JSON logger', () => {
  it('writes the info lines of one turn together, after the turn', async () => {
    const { logger, writes, messages } = recorder();
    for (const n of [1, 2, 3]) logger.log('info', `request ${n}`);
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(messages()).toEqual(['out request 1', 'out request 2', 'out request 3']);
  });

  it('writes what is gathered before a warning or an error, and the warning at once', async () => {
    const { logger, messages } = recorder();
    logger.log('info', 'first');
    logger.log('error', 'broken');
    logger.log('info', 'after');
    expect(messages()).toEqual(['out first', 'err broken']);
    await nextTurn();
    expect(messages()).toEqual(['out first', 'err broken', 'out after']);
  });

  it('drops the levels under its minimum', async () => {
    const logger = jsonLogger('warn', { out: { write: () => expect.fail('no info line') }, err: { write: () => 0 } });
    logger.log('info', 'quiet');
    logger.log('debug', 'quieter');
    await nextTurn();
    expect(logger.enabled?.('info')).toBe(false);
    expect(logger.enabled?.('error')).toBe(true);
  });

  it('writes the gathered lines when the process exits in the same turn', () => {
    const logger = fileURLToPath(new URL('../src/http/logger.ts', import.meta.url));
    const script = `import { jsonLogger } from ${JSON.stringify(logger)}; const l = jsonLogger('info'); l.log('info', 'last words'); process.exit(0);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/"message":"last words"/);
  });
});
