/** Unknown routes get the family's 404 envelope; undocumented methods get 405 with `Allow`. */
import { HTTP_METHODS } from '@device-commands/spec';
import type { Check } from '../runner.ts';
import { codes, fillPath, operations, pathNeeds, spec } from './shared.ts';

const TRIED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function routeChecks(): Check[] {
  const checks: Check[] = [];
  const familyOfPath = new Map(operations.map((o) => [o.path, o.family.id]));
  const templates = Object.keys(spec.paths).map((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`));
  for (const [path, item] of Object.entries(spec.paths)) {
    const f = familyOfPath.get(path) ?? '';
    const documented = HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
    const allow = [...new Set([...documented, ...(documented.includes('GET') ? ['HEAD'] : [])])].sort().join(', ');
    for (const method of TRIED.filter((m) => !documented.includes(m))) {
      checks.push({
        id: `routes.${method}.${path}`,
        group: 'routes',
        name: `${method} ${path} → 405 with Allow: ${allow}`,
        family: f,
        kind: 'behaviour',
        needs: [...pathNeeds(path), 'token:full'],
        run: async (t) => {
          const res = await t.send(f, {
            method,
            path: fillPath(path, t.family(f)),
            token: t.family(f).token('full'),
            ...(method === 'GET' ? {} : { body: {} }),
          });
          t.expectAnswer(res, 405, codes(f).notAllowed);
          t.expect(res.headers.get('allow'), allow, 'the Allow header');
        },
      });
    }
    // One segment more than a documented path, where no documented template takes it: no route.
    const extra = `${path}/no-such-thing`;
    if (templates.some((t) => t.test(extra))) continue;
    checks.push({
      id: `routes.unknown.${path}`,
      group: 'routes',
      name: `GET ${path}/no-such-thing is an unknown route → 404`,
      family: f,
      kind: 'behaviour',
      needs: [...pathNeeds(path), 'token:full'],
      run: async (t) => {
        const res = await t.send(f, {
          path: `${fillPath(path, t.family(f))}/no-such-thing`,
          token: t.family(f).token('full'),
        });
        t.expectAnswer(res, 404, codes(f).routeNotFound);
      },
    });
  }
  return checks;
}
