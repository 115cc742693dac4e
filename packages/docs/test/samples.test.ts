/**
 * Every code sample on the docs site runs as printed against a fresh reference server and gets a
 * success answer. (`pnpm typecheck` type-checks the TypeScript samples; tsconfig.samples.json.)
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Started } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDist } from '../src/index.ts';
import { LOCAL_ORIGIN } from '../src/samples.ts';
import { startServer } from './support.ts';

const run = promisify(execFile);
const samples = join(docsDist, 'samples');
const scratch = join(docsDist, 'samples-run');
const files = readdirSync(samples).sort();
let forTypeScript: Started;
let forCurl: Started;

beforeAll(async () => {
  [forTypeScript, forCurl] = await Promise.all([startServer(), startServer()]);
  mkdirSync(scratch, { recursive: true });
});
afterAll(async () => {
  await Promise.all([forTypeScript?.stop(), forCurl?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

/** The sample as printed, pointed at the test's server instead of localhost:4000. */
const retarget = (file: string, origin: string) =>
  readFileSync(join(samples, file), 'utf8').replaceAll(LOCAL_ORIGIN, origin);

describe('the code samples', () => {
  it('exist in TypeScript and curl for all eight operations', () => {
    expect(files.filter((f) => f.endsWith('.ts'))).toHaveLength(8);
    expect(files.filter((f) => f.endsWith('.sh'))).toHaveLength(8);
  });

  it.each(files.filter((f) => f.endsWith('.ts')))('%s runs and gets a success answer', async (file) => {
    const path = join(scratch, file);
    writeFileSync(path, retarget(file, forTypeScript.match));
    const { stdout } = await run(process.execPath, ['--experimental-strip-types', path], { timeout: 30_000 });
    expect(Number(stdout.split(' ')[0])).toBeLessThan(300);
  });

  it.each(files.filter((f) => f.endsWith('.sh')))('%s runs and gets a success answer', async (file) => {
    const { stdout } = await run(
      'bash',
      ['-c', `${retarget(file, forCurl.match).trim()} -o /dev/null -w '%{http_code}'`],
      { timeout: 30_000 },
    );
    expect(Number(stdout)).toBeGreaterThanOrEqual(200);
    expect(Number(stdout)).toBeLessThan(300);
  });
});
