/**
 * Unknown routes get the family's 404 envelope; undocumented methods get 405 with `Allow`.
 *
 * `Allow` is read as the list it is (RFC 9110, 10.2.1 and 5.6.1: order, spacing and empty elements are
 * free): it must name every method the contract documents for the path (`paths.<path>.<method>`), and
 * may name HEAD where GET is documented (RFC 9110, 9.3.2: HEAD is GET without the content) and
 * OPTIONS, which the contract neither promises nor forbids (openapi/README.md, Decision D18); any
 * other method it names is one the contract does not document. A server that lists HEAD is taken at its word: HEAD is sent, and
 * answered as GET would be, without content.
 */
import { HTTP_METHODS } from '@device-commands/spec';
import type { Check } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, pathNeeds, pointer, spec } from './shared.ts';

const TRIED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function routeChecks(): Check[] {
  const checks: Check[] = [];
  const familyOfPath = new Map(operations.map((o) => [o.path, o.family.id]));
  const templates = Object.keys(spec.paths).map((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`));
  for (const [path, item] of Object.entries(spec.paths)) {
    const f = familyOfPath.get(path) ?? '';
    const documented = HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
    const optional = [...(documented.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
    for (const method of TRIED.filter((m) => !documented.includes(m))) {
      checks.push({
        id: `routes.${method}.${path}`,
        group: 'routes',
        name: `${method} ${path} → 405 with Allow: ${documented.join(', ')}${optional.map((m) => ` [${m}]`).join('')}`,
        family: f,
        kind: 'behaviour',
        demands: [pointer('paths', path), 'openapi/README.md#decisions (D18)', ERROR_CODES],
        needs: [...pathNeeds(path), 'token:full'],
        run: async (t) => {
          const res = await t.send(f, {
            method,
            path: fillPath(path, t.family(f)),
            token: t.family(f).token('full'),
            ...(method === 'GET' ? {} : { body: {} }),
          });
          t.expectAnswer(res, 405, codes(f).notAllowed);
          const allow = parseAllow(res.headers.get('allow'));
          t.expect(
            {
              missing: documented.filter((m) => !allow.includes(m)),
              undocumented: allow.filter((m) => !documented.includes(m) && !optional.includes(m)),
            },
            { missing: [], undocumented: [] },
            `the Allow header (${JSON.stringify(res.headers.get('allow'))}) against the methods documented for ${path}`,
          );
          if (allow.includes('HEAD')) {
            const get = await t.send(f, {
              method: 'GET',
              path: fillPath(path, t.family(f)),
              token: t.family(f).token('full'),
            });
            // Straight to the implementation; the suite's own judge takes HEAD as its GET (RFC 9110, 9.3.2).
            const head = await t.send(f, {
              bypassPrism: 'prism proxy answers HEAD with 500: it documents no HEAD',
              method: 'HEAD',
              path: fillPath(path, t.family(f)),
              token: t.family(f).token('full'),
            });
            t.expect(
              { status: head.status, content: head.text.length },
              { status: get.status, content: 0 },
              'HEAD, which the Allow header lists: the status GET gets, and no content',
            );
          }
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
      demands: ['#/paths', ERROR_CODES],
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

/** The methods of an `Allow` field value: a comma-separated list, with optional whitespace and empty elements. */
export function parseAllow(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
}
