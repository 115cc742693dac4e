/** Prepends the repository's do-not-edit note to the types openapi-typescript generated. */
import { readFileSync, writeFileSync } from 'node:fs';
import { GENERATED_NOTE } from '@device-commands/spec';

const file = new URL('../src/generated/types.gen.ts', import.meta.url);
const text = readFileSync(file, 'utf8');
if (!text.startsWith(`// ${GENERATED_NOTE}`)) writeFileSync(file, `// ${GENERATED_NOTE}\n${text}`);
