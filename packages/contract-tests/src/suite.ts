/** The whole suite, in the order it runs: cheap, targeted checks first, fuzzing and coverage last. */
import { seeded } from '@device-commands/spec';
import { authChecks } from './checks/auth.ts';
import { bodyChecks } from './checks/bodies.ts';
import { conformanceChecks } from './checks/conformance.ts';
import { coverageCheck } from './checks/coverage.ts';
import { flowChecks } from './checks/flows.ts';
import { fuzzChecks } from './checks/fuzz.ts';
import { isolationChecks } from './checks/isolation.ts';
import { listChecks } from './checks/lists.ts';
import { patternChecks } from './checks/patterns.ts';
import { queryChecks } from './checks/queries.ts';
import { routeChecks } from './checks/routes.ts';
import { tenancyChecks } from './checks/tenancy.ts';
import type { Config, FamilyConfig, Role } from './config.ts';
import type { Exchange } from './oracle.ts';
import type { Check, CheckKind, FamilyRuntime } from './runner.ts';

export interface SuiteOptions {
  seed: number;
  fuzzRuns: number;
  samplesPerPattern: number;
  /** Only these families (`--family`). */
  families?: string[];
}

export function buildSuite(options: SuiteOptions, exchanges: () => Exchange[], skipped: () => number): Check[] {
  const random = seeded(options.seed);
  const checks = [
    ...conformanceChecks(),
    ...routeChecks(),
    ...authChecks(),
    ...tenancyChecks(),
    ...isolationChecks(),
    ...flowChecks(),
    ...listChecks(),
    ...queryChecks(),
    ...bodyChecks(),
    ...patternChecks(random, options.samplesPerPattern),
    ...fuzzChecks(options.fuzzRuns, options.seed),
  ].filter((c) => !options.families || !c.family || options.families.includes(c.family));
  return [...checks, coverageCheck(exchanges, skipped, options.families)];
}

export function familyRuntime(id: string, config: FamilyConfig): FamilyRuntime {
  return {
    id,
    config,
    token: (role: Role) => {
      const token = config.tokens?.[role];
      if (!token) throw new Error(`no ${role} token for ${id}`);
      return token;
    },
    path: config.ids?.path ?? {},
    other: config.ids?.otherTenant ?? {},
    sameTenant: config.ids?.sameTenant ?? {},
    noFeature: config.ids?.noFeature ?? {},
    commands: config.ids?.commands ?? {},
  };
}

/** Why a need of a check is not met by the configuration (undefined when it is). */
export function missingNeed(
  config: Config,
  options: { readOnly: boolean },
): (need: string, family: string | undefined) => string | undefined {
  return (need, checkFamily) => {
    const [what, rest = ''] = need.split(':');
    const [name = '', at] = rest.split('@');
    const family = at ?? checkFamily ?? '';
    const f = config.families?.[family];
    const where = `families.${family}`;
    if (!f) return `no configuration for family ${family} (${where})`;
    switch (what) {
      case 'token':
        return f.tokens?.[name as Role] ? undefined : `needs the ${name} token of ${family} (${where}.tokens.${name})`;
      case 'path':
        return f.ids?.path?.[name] ? undefined : `needs a valid ${name} of ${family} (${where}.ids.path.${name})`;
      case 'other':
        return f.ids?.otherTenant?.[name]
          ? undefined
          : `needs another tenant's ${name} of ${family} (${where}.ids.otherTenant.${name})`;
      case 'same':
        return f.ids?.sameTenant?.[name]
          ? undefined
          : `needs a ${name} of a second device of the full token's own tenant (${where}.ids.sameTenant.${name})`;
      case 'noFeature':
        return f.ids?.noFeature?.[name]
          ? undefined
          : `needs a ${name} of a tenant whose plan lacks the feature (${where}.ids.noFeature.${name})`;
      case 'command':
        return f.ids?.commands?.[name]
          ? undefined
          : `needs a ${name} command of ${family} (${where}.ids.commands.${name})`;
      case 'create':
        if (options.readOnly) return '--read-only: it creates or cancels commands';
        return f.create === false ? `creating commands is not allowed (${where}.create: false)` : undefined;
      case 'agent':
        return f.agent?.completesWithinMs !== undefined
          ? undefined
          : `needs to know how long ${family}'s commands take to complete (${where}.agent.completesWithinMs)`;
      default:
        return `unknown need ${need}`;
    }
  };
}

/** What a profile cannot judge: a stateless mock passes schema checks, never stateful ones. */
export function kindSkipper(profile: 'real' | 'mock'): (kind: CheckKind) => string | undefined {
  return (kind) =>
    profile === 'mock' && kind !== 'schema'
      ? `--profile mock: a stateless mock answers from examples, so ${kind} checks cannot be judged`
      : undefined;
}
