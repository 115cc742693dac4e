/** The commands of this package's README, run as written from the repository root. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const commands = block
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter(Boolean);
const sh = (command: string) => promisify(execFile)('bash', ['-c', command], { cwd: root, encoding: 'utf8' });

describe("the README's commands", () => {
  it('are the four documented ones', () => {
    expect(commands.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'pnpm spec:diff',
      'pnpm spec:diff',
      'pnpm spec:diff',
      'pnpm spec:changelog',
    ]);
  });

  it.each(commands.filter((c) => c.startsWith('pnpm spec:diff')))(
    '%s runs and reports the contract changes',
    async (command) => {
      const { stdout } = await sh(command);
      expect(stdout).toMatch(command.includes('--format json') ? /"changes": \[/ : /## Contract changes since /);
    },
  );

  it("pnpm spec:changelog rewrites the current version's section with the same content", async () => {
    const file = `${root}openapi/CHANGELOG.md`;
    const before = readFileSync(file, 'utf8');
    try {
      const command = commands.find((c) => c.startsWith('pnpm spec:changelog')) ?? '';
      await sh(command);
      const undated = (text: string) => text.replace(/^(## \d+\.\d+\.\d+) \(\d{4}-\d{2}-\d{2}\)$/gm, '$1');
      expect(undated(readFileSync(file, 'utf8'))).toBe(undated(before));
    } finally {
      writeFileSync(file, before);
    }
  });
});
