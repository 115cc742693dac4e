/**
 * A Redocly CLI process started ahead of time (see WarmRedocly in redocly.ts): loads every module of
 * the CLI, then waits for one line on stdin ({ args, cwd }) and runs the CLI with those arguments,
 * exactly as `redocly <args>` would (same entry point, same exit code, same output).
 *
 *   node redocly-spare.ts <the CLI's lib/ directory>
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const lib = process.argv[2] ?? '';
for (const file of readdirSync(join(lib, 'chunks'))) {
  if (file.endsWith('.js')) await import(pathToFileURL(join(lib, 'chunks', file)).href);
}
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { args, cwd } = JSON.parse(input) as { args: string[]; cwd?: string };
if (cwd) process.chdir(cwd);
process.argv = [process.execPath, join(lib, '..', 'bin', 'cli.js'), ...args];
await import(pathToFileURL(join(lib, 'index.js')).href);
