/**
 * The suite's configuration: a YAML file validated by the JSON Schema shipped beside this module
 * (config.schema.json). A bad file stops the run with the file, the line and what is expected.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';

export type Role = 'full' | 'readOnly' | 'noGrants' | 'otherTenant' | 'noFeature';

export interface FamilyConfig {
  baseUrl?: string;
  tokens?: Partial<Record<Role, string>>;
  ids?: {
    path?: Record<string, string>;
    commands?: Record<string, string>;
    otherTenant?: Record<string, string>;
    sameTenant?: Record<string, string>;
    noFeature?: Record<string, string>;
  };
  create?: boolean;
  agent?: { completesWithinMs?: number };
}

export interface Config {
  families?: Record<string, FamilyConfig>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const schemaPath = new URL('./config.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as { default: (a: Ajv2020) => void }).default(ajv);
const validate = ajv.compile<Config>(schema);

/** Parses and validates a configuration; errors name the file, the line and what is expected. */
export function parseConfig(text: string, file: string): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e ? lines.linePos(e.pos[0]) : { line: 1 };
    throw new ConfigError(`${file}:${at.line}: not valid YAML: ${e?.message.split('\n')[0]}`);
  }
  const value = (doc.toJS() ?? {}) as unknown;
  if (validate(value)) return value;
  const problems = (validate.errors ?? []).map((error) => {
    const segments = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    const node = doc.getIn(extra ? [...segments, extra] : segments, true) as { range?: [number] } | undefined;
    const key = extra ? findKey(doc, segments, extra) : undefined;
    const offset = key ?? node?.range?.[0] ?? 0;
    const line = lines.linePos(offset).line;
    const where = `/${[...segments, ...(extra ? [extra] : [])].join('/')}`;
    const expected =
      error.keyword === 'additionalProperties'
        ? `no property "${extra}" here (expected one of: ${Object.keys(propertiesAt(segments)).join(', ') || 'none'})`
        : (error.message ?? error.keyword);
    return `${file}:${line}: ${where}: ${expected}`;
  });
  throw new ConfigError(problems.join('\n'));
}

/** The offset of a key in a mapping (to point at the unexpected key itself). */
function findKey(doc: ReturnType<typeof parseDocument>, segments: string[], key: string): number | undefined {
  const map = (segments.length ? doc.getIn(segments, true) : doc.contents) as
    | { items?: { key?: { value?: unknown; range?: [number] } }[] }
    | undefined;
  return map?.items?.find((pair) => pair.key?.value === key)?.key?.range?.[0];
}

/** The properties the schema allows at a path of the configuration (for "expected one of"). */
function propertiesAt(segments: string[]): Record<string, unknown> {
  const defs = (schema as { $defs: Record<string, { properties?: Record<string, unknown> }> }).$defs;
  if (segments.length === 0) return (schema as { properties: Record<string, unknown> }).properties;
  if (segments[0] === 'families' && segments.length === 2) return defs.family?.properties ?? {};
  if (segments[0] === 'families' && segments.length === 3) {
    const sub = defs.family?.properties?.[segments[2] ?? ''] as { properties?: Record<string, unknown> } | undefined;
    return sub?.properties ?? {};
  }
  return {};
}

/**
 * Reads and checks a configuration. `${NAME}` in it is replaced by the environment variable NAME, or
 * by `vars` (`${TARGET}`: the --target URL); a name that is set nowhere stops the run with its line.
 */
export function loadConfig(file: string, vars: Record<string, string | undefined> = {}): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the configuration (${(error as Error).message})`);
  }
  return parseConfig(substitute(text, file, vars), file);
}

export function substitute(text: string, file: string, vars: Record<string, string | undefined> = {}): string {
  return (
    text
      .split('\n')
      // A whole-line comment is left as it is: a commented-out key names its variable without needing it.
      .map((line, i) =>
        /^\s*#/.test(line)
          ? line
          : line.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
              const value = vars[name] ?? process.env[name];
              if (value === undefined)
                throw new ConfigError(
                  `${file}:${i + 1}: \${${name}} is not set (an environment variable${name === 'TARGET' ? ', or --target' : ''})`,
                );
              return value;
            }),
      )
      .join('\n')
  );
}
