/**
 * `device-commands contract init [--out contract.yaml]`: writes a commented configuration skeleton,
 * derived from the contract: per family its base path, the roles with the grants each must hold (from
 * the operations' permissions and scopes), and every path parameter with its pattern. Tokens are read
 * from environment variables (`${ANDROID_TOKEN_FULL}`), so the file holds no secret; every other key
 * is left commented out until the team has it (a check that needs a missing key is skipped, with the
 * reason).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { familiesOf, loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { allGrants, readOnlyGrants } from './checks/shared.ts';

const env = (family: string, role: string) =>
  `${family.toUpperCase()}_TOKEN_${role.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export function configSkeleton(): string {
  const spec = loadDereferencedSpec();
  const operations = operationsOf(spec);
  const version = (spec.info as { version?: string } | undefined)?.version ?? '';
  const out = [
    `# The contract suite's configuration, written by \`device-commands contract init\` from contract ${version}.`,
    '# Everything but the full tokens is commented out: a check that needs a missing key is skipped, with',
    `# the reason. Tokens come from the environment (\${NAME} is replaced; an unset one stops the run).`,
    '# Run: device-commands contract --target <base-url> --config contract.yaml',
    'families:',
  ];
  for (const family of familiesOf(spec)) {
    const params = new Map<string, string>();
    for (const o of operations.filter((x) => x.family.id === family.id))
      for (const p of o.parameters.filter((x) => x.in === 'path'))
        params.set(p.name, String((p.schema as { pattern?: string } | undefined)?.pattern ?? ''));
    out.push(
      `  ${family.id}: # ${family.name}; upstream ${family.upstream}`,
      `    # baseUrl: ${family.basePath}   # a path on --target, or an absolute URL; default: --target + ${family.basePath}`,
      '    tokens:',
      `      full: \${${env(family.id, 'full')}}   # holds ${allGrants(family.id).join(', ')}`,
      `      # readOnly: \${${env(family.id, 'readOnly')}}   # holds only ${readOnlyGrants(family.id).join(', ')}`,
      `      # noGrants: \${${env(family.id, 'noGrants')}}   # a valid token holding nothing (403)`,
      `      # otherTenant: \${${env(family.id, 'otherTenant')}}   # full access for another tenant`,
      ...(family.situations.planLacksFeature !== undefined
        ? [
            `      # noFeature: \${${env(family.id, 'noFeature')}}   # full access, on a plan without the feature (5050)`,
          ]
        : []),
      `    # ids:   # values of the full token's tenant`,
      '    #   path:',
      ...[...params].map(([name, pattern]) => `    #     ${name}: …   # ${pattern}`),
      '    #   otherTenant: { … }   # the same names, owned by the otherTenant token',
      `    # create: true   # may the suite create and cancel commands? (--read-only overrides it)`,
      '    # agent: { completesWithinMs: 10000 }   # how long the device takes to apply a new command',
    );
  }
  return `${out.join('\n')}\n`;
}

export function init(file: string, force: boolean): number {
  if (existsSync(file) && !force) {
    process.stderr.write(`device-commands: ${file} exists; --force to overwrite it\n`);
    return 2;
  }
  writeFileSync(file, configSkeleton());
  process.stdout.write(
    `wrote ${file}: set the tokens it names (${familiesOf(loadDereferencedSpec())
      .map((f) => `$${env(f.id, 'full')}`)
      .join(', ')}), fill in what you have, then run device-commands contract --target <base-url> --config ${file}\n`,
  );
  return 0;
}
