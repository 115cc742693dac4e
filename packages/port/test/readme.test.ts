/**
 * The README's two lines, run as written: the port starts on its port and writes its configuration,
 * then the contract suite judges it by URL. A correct independent implementation must pass with 0
 * failed and 0 skipped: every check the suite has applies to it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, startProcess } from '@device-commands/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const lines = (/```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '').split('\n').filter((l) => l && !l.startsWith('#'));

describe("the port's README", () => {
  afterAll(() => rmSync(new URL('../contract.port.json', import.meta.url), { force: true }));

  it('starts the port and judges it by URL with the contract suite: 0 failed, 0 skipped', async () => {
    expect(lines).toHaveLength(2);
    const [start = '', judge = ''] = lines;
    const [command = '', ...args] = start.split(' ');
    const port = await startProcess(command === 'node' ? process.execPath : command, args, {
      cwd: here,
      ready: /port: (http:\/\/\S+)/,
    });
    try {
      const [tool = '', ...rest] = judge.split(' ');
      const result = run(tool, rest, { cwd: here, env: { ...process.env, FUZZ_RUNS: '100' } });
      expect(result.stdout).toMatch(/\b\d{3,} passed, 0 failed, 0 skipped/);
    } finally {
      await port.stop();
    }
  });
});
