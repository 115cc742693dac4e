/**
 * Samples of a string pattern, accepted and rejected: the one generator that the server's tests and
 * the contract suite share. Positives come from the regex itself (randexp, seeded) plus the
 * examples the contract gives; negatives are mutations of positives that a sloppy implementation
 * tends to let through (length ±1, a foreign character at each position, Unicode look-alikes, blanks,
 * separators). Every sample carries Ajv's verdict, the reference.
 */
import randexp from 'randexp';
import { createSpecAjv } from './ajv.ts';

// randexp is CommonJS: under Node's ESM its default import is the class itself.
interface Generator {
  max: number;
  randInt: (from: number, to: number) => number;
  gen(): string;
}
const RandExp = randexp as unknown as new (pattern: RegExp) => Generator;
const ajv = createSpecAjv();

export interface StringSchema {
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  [key: string]: unknown;
}

/** A seeded PRNG (mulberry32), so that generated samples are reproducible from a seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `count` distinct strings generated from the pattern that the schema accepts. */
export function positives(schema: StringSchema | object, count: number, random: () => number): string[] {
  const { pattern } = schema as StringSchema;
  if (!pattern) return [];
  const generator = new RandExp(new RegExp(pattern, 'u'));
  generator.max = 12;
  generator.randInt = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const validate = ajv.compile(schema);
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < count * 10; i++) {
    const sample = generator.gen();
    if (validate(sample)) out.add(sample);
  }
  return [...out];
}

const FOREIGN = ['!', ' ', 'Ñ', '\u212a', '\u017f', '０', '/', '\\', '.', '\u0430', '\u00a0'];

/** Mutations of a valid value, most of which a pattern must reject (Ajv gives the verdict). */
export function negatives(valid: string): string[] {
  const out = new Set<string>([
    valid.slice(0, -1),
    valid.slice(1),
    `${valid}${valid.at(-1) ?? 'a'}`,
    `${valid}${valid.at(-1) ?? 'a'}${'x'.repeat(200)}`,
    ' ',
    `${valid} `,
    ` ${valid}`,
    '\t',
    'ab\\c',
    `${valid}/x`,
    'a/b',
    '%',
    '%2F',
    '\u00a0',
  ]);
  for (let i = 0; i < valid.length; i++) {
    for (const bad of [FOREIGN[i % FOREIGN.length] ?? '!', '!', '０'])
      out.add(valid.slice(0, i) + bad + valid.slice(i + 1));
  }
  // Empty values and dot segments are checks of their own: URLs collapse them before any validation.
  return [...out].filter((s) => s !== '' && s !== '.' && s !== '..');
}

export interface PatternSample {
  value: string;
  /** Ajv's verdict under the contract's dialect (2020-12, `u`-flag patterns). */
  valid: boolean;
}

/**
 * Accepted and rejected samples of a string schema: `count` generated positives plus the given
 * examples, and the mutations of the first two of them.
 */
export function patternSamples(
  schema: StringSchema | object,
  options: { count: number; random: () => number; examples?: string[] },
): PatternSample[] {
  const validate = ajv.compile(schema);
  const pos = [...new Set([...(options.examples ?? []), ...positives(schema, options.count, options.random)])];
  const all = new Set([...pos, ...pos.slice(0, 2).flatMap(negatives)]);
  return [...all].map((value) => ({ value, valid: Boolean(validate(value)) }));
}
