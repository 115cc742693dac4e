/** The command of this package's README, run as written from the repository root. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const command = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim() ?? '';

it("runs the README's command and writes the report it names", async () => {
  expect(command).toMatch(/^pnpm chaos .*--out (\S+)$/);
  const out = /--out (\S+)$/.exec(command)?.[1] ?? '';
  const { stdout } = await promisify(execFile)('bash', ['-c', command], { cwd: root, encoding: 'utf8' });
  expect(stdout).toMatch(/kill-sqlite\n.*\n\s+pass in/);
  const report = readFileSync(out, 'utf8');
  expect(report).toMatch(/^\| kill-sqlite \| .* \| 0 \| 0 \| .* \| pass \|$/m);
});
