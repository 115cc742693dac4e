/**
 * Reduces a JSON Schema to what it means for validation, so that the spec's hand-written schema
 * and the schema zod-to-openapi emits from the generated zod can be compared: annotations go,
 * `const` becomes a one-value `enum`, `oneOf` and `anyOf` become one sorted union, nullable types
 * become a union with `null`, and an open `additionalProperties` is dropped.
 */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'example',
  'deprecated',
  'discriminator',
  'readOnly',
  'writeOnly',
]);
const SAFE_INT = Number.MAX_SAFE_INTEGER;

export function canonical(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(canonical);
  if (!schema || typeof schema !== 'object') return schema;
  const s: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    s[key] = value;
  }
  if ('const' in s) {
    s.enum = [s.const];
    delete s.const;
  }
  if ('enum' in s) delete s.type;
  if (s.minimum === -SAFE_INT) delete s.minimum;
  if (s.maximum === SAFE_INT) delete s.maximum;
  if (
    s.additionalProperties === true ||
    (s.additionalProperties &&
      typeof s.additionalProperties === 'object' &&
      Object.keys(s.additionalProperties).length === 0)
  ) {
    delete s.additionalProperties;
  }
  if (s.properties && typeof s.properties === 'object' && Object.keys(s.properties).length === 0) delete s.properties;
  if (Array.isArray(s.required)) s.required = [...(s.required as string[])].sort();
  if (Array.isArray(s.required) && s.required.length === 0) delete s.required;

  let branches: unknown[] | undefined;
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const rest = (s.type as string[]).filter((t) => t !== 'null');
    const { type: _type, ...others } = s;
    branches = [{ ...others, type: rest.length === 1 ? rest[0] : rest }, { type: 'null' }];
  } else if (s.oneOf || s.anyOf) {
    branches = (s.oneOf ?? s.anyOf) as unknown[];
  }
  if (branches) {
    const flat = branches
      .map(canonical)
      .flatMap((b) => (b && typeof b === 'object' && 'anyOf' in b ? (b.anyOf as unknown[]) : [b]));
    const unique = [...new Map(flat.map((b) => [JSON.stringify(b), b])).values()].sort((a, b) =>
      JSON.stringify(a).localeCompare(JSON.stringify(b)),
    );
    return unique.length === 1 ? unique[0] : { anyOf: unique };
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(s).sort()) out[key] = key === 'enum' || key === 'default' ? s[key] : canonical(s[key]);
  return out;
}
