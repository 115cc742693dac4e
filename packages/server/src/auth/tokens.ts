/**
 * Bearer tokens of the reference server. Each family's tokens are bound to its tenant (an Android
 * organization, a Graph user) and carry what the family's authorization reads: permissions
 * (`x-permission`) or delegated scopes, as the contract declares per family.
 * Configured by a JSON file (DEVICE_COMMANDS_TOKENS_FILE) or inline JSON (DEVICE_COMMANDS_TOKENS);
 * without either, the demo tokens below are used and printed at start. Their grants are read from
 * the contract: "every permission" is every operation's, "read-only" is what safe operations need.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type FamilyId, families, operations } from '../generated/routes.gen.ts';
import { SEED } from '../store/seed.ts';

const AndroidToken = z.strictObject({
  family: z.literal('android'),
  token: z.string().min(16),
  organization: z.string(),
  permissions: z.array(z.string()),
  description: z.string().optional(),
});
const GraphToken = z.strictObject({
  family: z.literal('graph'),
  token: z.string().min(16),
  user: z.string(),
  scopes: z.array(z.string()),
  description: z.string().optional(),
});
/** What a family's authorization reads from a token, as the contract declares it. */
type Grants<F extends FamilyId> = (typeof families)[F]['authorization'] extends 'x-permission'
  ? { permissions: string[] }
  : { scopes: string[] };

/**
 * The token schema of every declared family: the family, the token, its tenant binding and its
 * grants. A family the contract declares but this map lacks is a compile error here.
 */
export const TOKEN_SCHEMAS = { android: AndroidToken, graph: GraphToken } satisfies {
  [F in FamilyId]: z.ZodType<{ family: F; token: string } & Grants<F>>;
};
export type PrincipalOf<F extends FamilyId> = F extends keyof typeof TOKEN_SCHEMAS
  ? z.infer<(typeof TOKEN_SCHEMAS)[F]>
  : never;

export const TokenConfig = z
  .array(
    z.discriminatedUnion('family', Object.values(TOKEN_SCHEMAS) as unknown as [typeof AndroidToken, typeof GraphToken]),
  )
  .refine((entries) => new Set(entries.map((e) => e.token)).size === entries.length, {
    message: 'each token may be configured once (the same token twice would name two principals)',
  });
export type TokenEntry = PrincipalOf<FamilyId>;

const opsOf = (family: FamilyId) => Object.values(operations).filter((op) => op.family === family);
const unique = (values: string[]) => [...new Set(values)].sort();

/** Every permission (or scope) the family's operations name, and those that no unsafe operation needs. */
export function grantsOf(family: FamilyId): { all: string[]; readOnly: string[] } {
  const needs = (op: ReturnType<typeof opsOf>[number]): string[] =>
    families[family].authorization === 'x-permission' ? (op.permission ? [op.permission] : []) : [...op.scopes];
  const all = unique(opsOf(family).flatMap(needs));
  const writes = new Set(
    opsOf(family)
      .filter((op) => !op.safe)
      .flatMap(needs),
  );
  return { all, readOnly: all.filter((g) => !writes.has(g)) };
}

const ANDROID = grantsOf('android');
const GRAPH = grantsOf('graph');

export const DEMO_TOKENS: TokenEntry[] = [
  {
    family: 'android',
    token: 'demo-android-admin-token',
    organization: SEED.organization.id,
    permissions: ANDROID.all,
    description: 'Acme Robotics, every permission',
  },
  {
    family: 'android',
    token: 'demo-android-viewer-token',
    organization: SEED.organization.id,
    permissions: ANDROID.readOnly,
    description: 'Acme Robotics, list and get only',
  },
  {
    family: 'android',
    token: 'demo-android-globex-token',
    organization: SEED.otherOrganization.id,
    permissions: ANDROID.all,
    description: 'another organization (Globex)',
  },
  {
    family: 'android',
    token: 'demo-android-free-plan-token',
    organization: SEED.freeOrganization.id,
    permissions: ANDROID.all,
    description: 'an organization whose plan lacks MDM (5050)',
  },
  {
    family: 'graph',
    token: 'demo-graph-ana-token-0001',
    user: SEED.graphUser,
    scopes: GRAPH.all,
    description: 'Ana, Device.Read and Device.Command',
  },
  {
    family: 'graph',
    token: 'demo-graph-ana-read-only',
    user: SEED.graphUser,
    scopes: GRAPH.readOnly,
    description: 'Ana, Device.Read only',
  },
  {
    family: 'graph',
    token: 'demo-graph-bob-token-0001',
    user: SEED.otherGraphUser,
    scopes: GRAPH.all,
    description: 'Bob, another user',
  },
];

export function loadTokens(env: NodeJS.ProcessEnv = process.env): { tokens: TokenEntry[]; source: string } {
  if (env.DEVICE_COMMANDS_TOKENS_FILE) {
    return {
      tokens: TokenConfig.parse(JSON.parse(readFileSync(env.DEVICE_COMMANDS_TOKENS_FILE, 'utf8'))),
      source: env.DEVICE_COMMANDS_TOKENS_FILE,
    };
  }
  if (env.DEVICE_COMMANDS_TOKENS)
    return { tokens: TokenConfig.parse(JSON.parse(env.DEVICE_COMMANDS_TOKENS)), source: 'DEVICE_COMMANDS_TOKENS' };
  return { tokens: DEMO_TOKENS, source: 'demo tokens' };
}

const digest = (value: string) => hash('sha256', value, 'base64');

/**
 * Looks a bearer token up by its SHA-256 digest: the lookup compares digests, never the secret
 * itself, so how long it takes says nothing about how much of a guessed token was right (the
 * digest of a guess reveals no prefix of any configured token).
 */
export class TokenRegistry {
  private readonly byDigest = new Map<string, TokenEntry>();
  constructor(tokens: TokenEntry[]) {
    for (const entry of tokens) this.byDigest.set(digest(entry.token), entry);
  }
  find(token: string, family: FamilyId): TokenEntry | undefined {
    const entry = this.byDigest.get(digest(token));
    return entry?.family === family ? entry : undefined;
  }
}
