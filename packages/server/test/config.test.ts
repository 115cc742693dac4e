/**
 * Configuration is parsed at start-up: a bad value stops the server with one line that names the
 * variable and what it accepts, and the process exits 2 before it listens.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const cases = [
  { name: 'PORT', value: 'eighty', expected: 'an integer from 0 to 65535' },
  { name: 'PORT', value: '70000', expected: 'an integer from 0 to 65535' },
  { name: 'PORT', value: '-1', expected: 'an integer from 0 to 65535' },
  { name: 'AGENT_DELAY_MS', value: '5s', expected: 'an integer number of milliseconds' },
  { name: 'AGENT_ANDROID_DELAY_MS', value: '1.5', expected: 'an integer number of milliseconds' },
  { name: 'LOG_LEVEL', value: 'verbose', expected: 'one of debug, info, warn, error' },
  { name: 'RESPONSE_VALIDATION', value: 'yes', expected: 'one of off, log, strict' },
  { name: 'DATABASE_URL', value: 'mysql://db/x', expected: 'a postgres:// or postgresql:// connection string' },
];

describe('configuration', () => {
  it.each(cases)('rejects $name=$value, naming the variable and what it accepts', ({ name, value, expected }) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^${name}="${value.replace('.', '\\.')}" is not valid: expected ${expected}`),
    );
  });

  it('accepts the documented defaults and values', () => {
    const config = loadConfig({
      PORT: '0',
      AGENT_DELAY_MS: '300',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config).toMatchObject({
      port: 0,
      agentDelayMs: 300,
      agentAndroidDelayMs: 300,
      logLevel: 'warn',
      databaseUrl: 'postgres://u@h/db',
    });
  });

  it('stops the server with exactly one line on stderr and exit code 2', () => {
    const result = spawnSync(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'device-commands: PORT="eighty" is not valid: expected an integer from 0 to 65535',
    ]);
  });

  it.each([
    ['not JSON', 'nope', /not valid JSON/],
    ['an entry without its token', '[{"family":"android"}]', /token/],
    [
      'the same token twice',
      JSON.stringify([1, 2].map(() => ({ family: 'graph', token: 'same', user: 'u', scopes: [] }))),
      /configured once/,
    ],
  ])('stops the server with one line when DEVICE_COMMANDS_TOKENS is %s', (_name, value, reason) => {
    const result = spawnSync(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
      env: { ...process.env, PORT: '0', SQLITE_FILE: ':memory:', DEVICE_COMMANDS_TOKENS: value },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^device-commands: the token configuration is refused: /);
    expect(lines[0]).toMatch(reason);
  });
});
