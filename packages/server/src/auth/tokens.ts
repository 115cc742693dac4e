/**
 * Bearer tokens of the reference server. Android tokens are bound to an organization and carry
 * permissions (`mdm.android.command.*`); Graph tokens are bound to a user and carry delegated scopes.
 * Configured by a JSON file (DEVICE_COMMANDS_TOKENS_FILE) or inline JSON (DEVICE_COMMANDS_TOKENS);
 * without either, the demo tokens below are used and printed at start.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
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
export const TokenConfig = z.array(z.discriminatedUnion('family', [AndroidToken, GraphToken]));
export type TokenEntry = z.infer<typeof TokenConfig>[number];
export type AndroidPrincipal = z.infer<typeof AndroidToken>;
export type GraphPrincipal = z.infer<typeof GraphToken>;

const ALL_ANDROID = ['list', 'create', 'get', 'cancel'].map((p) => `mdm.android.command.${p}`);

export const DEMO_TOKENS: TokenEntry[] = [
  {
    family: 'android',
    token: 'demo-android-admin-token',
    organization: SEED.organization.id,
    permissions: ALL_ANDROID,
    description: 'Acme Robotics, every permission',
  },
  {
    family: 'android',
    token: 'demo-android-viewer-token',
    organization: SEED.organization.id,
    permissions: ['mdm.android.command.list', 'mdm.android.command.get'],
    description: 'Acme Robotics, list and get only',
  },
  {
    family: 'android',
    token: 'demo-android-globex-token',
    organization: SEED.otherOrganization.id,
    permissions: ALL_ANDROID,
    description: 'another organization (Globex)',
  },
  {
    family: 'android',
    token: 'demo-android-free-plan-token',
    organization: SEED.freeOrganization.id,
    permissions: ALL_ANDROID,
    description: 'an organization whose plan lacks MDM (5050)',
  },
  {
    family: 'graph',
    token: 'demo-graph-ana-token-0001',
    user: SEED.graphUser,
    scopes: ['Device.Read', 'Device.Command'],
    description: 'Ana, Device.Read and Device.Command',
  },
  {
    family: 'graph',
    token: 'demo-graph-ana-read-only',
    user: SEED.graphUser,
    scopes: ['Device.Read'],
    description: 'Ana, Device.Read only',
  },
  {
    family: 'graph',
    token: 'demo-graph-bob-token-0001',
    user: SEED.otherGraphUser,
    scopes: ['Device.Read', 'Device.Command'],
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

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Looks a bearer token up in constant time: every configured token is compared (as a SHA-256
 * digest, so lengths never differ) whether or not an earlier one matched.
 */
export class TokenRegistry {
  private readonly entries: { digest: Buffer; entry: TokenEntry }[];
  constructor(tokens: TokenEntry[]) {
    this.entries = tokens.map((entry) => ({ digest: digest(entry.token), entry }));
  }
  find(token: string, family: TokenEntry['family']): TokenEntry | undefined {
    const candidate = digest(token);
    let found: TokenEntry | undefined;
    for (const { digest: d, entry } of this.entries) {
      if (timingSafeEqual(d, candidate) && entry.family === family) found = entry;
    }
    return found;
  }
}
