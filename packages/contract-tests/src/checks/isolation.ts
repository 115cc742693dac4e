/**
 * Isolation inside a tenant: a second device of the full token's own tenant (`ids.sameTenant`: its
 * id and one of its commands) is reachable by its own path and by no other. Where the contract nests
 * one collection in another (a device's commands), an item of the second device asked for under the
 * first device gets the 404 an unknown id gets, and a list of one device names no item of the other.
 * The nesting is read from the paths: `{x}` is an item of the collection at the path before `/{x}`
 * when that path is documented too.
 */
import type { Check, T } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, parametersOf, pathNeeds, pointer, validBody } from './shared.ts';

const documented = new Set(operations.map((o) => o.path));

export function isolationChecks(): Check[] {
  const checks: Check[] = [];
  for (const { path, method, operation, family } of operations) {
    const f = family.id;
    const names = parametersOf(path);
    const send = (t: T, values: Record<string, string>) =>
      t.send(f, {
        method: method.toUpperCase(),
        path: fillPath(path, t.family(f), values),
        token: t.family(f).token('full'),
        ...(validBody(operation) === undefined ? {} : { body: validBody(operation) }),
      });
    // An item of the second device, under my first device.
    const item = names.at(-1) ?? '';
    const collection = path.slice(0, path.lastIndexOf(`/{${item}}`));
    if (names.length >= 2 && documented.has(collection)) {
      checks.push({
        id: `isolation.${operation.operationId}.${item}`,
        group: 'isolation',
        name: `${operation.operationId} with a ${item} of another ${names.at(-2)} of my own tenant → the 404 an unknown id gets`,
        family: f,
        operationId: operation.operationId,
        kind: 'stateful',
        demands: [pointer('paths', path, method, 'responses', '404'), ERROR_CODES],
        needs: [...pathNeeds(path), `same:${item}`],
        run: async (t) => {
          const res = await send(t, { [item]: t.family(f).sameTenant[item] ?? '' });
          t.expectAnswer(res, 404, codes(f).notFound);
        },
      });
    }
    // A list of one device names no item of the other.
    const child = [...documented]
      .map((p) => (p.startsWith(`${path}/{`) ? /^\/\{([^}]+)\}/.exec(p.slice(path.length))?.[1] : undefined))
      .find(Boolean);
    const parent = names.at(-1);
    if (method === 'get' && child && parent) {
      checks.push({
        id: `isolation.${operation.operationId}.lists`,
        group: 'isolation',
        name: `${operation.operationId}: my ${parent}'s list names no ${child} of another ${parent} of my tenant, and the other's names none of mine`,
        family: f,
        operationId: operation.operationId,
        kind: 'stateful',
        demands: [pointer('paths', path, method, 'responses', '200'), pointer('paths', path, method, 'description')],
        needs: [...pathNeeds(path), `same:${parent}`, `same:${child}`],
        run: async (t) => {
          const fam = t.family(f);
          const theirs = fam.sameTenant[child] ?? '';
          const mine = [...new Set([fam.path[child], ...Object.values(fam.commands)].filter((v): v is string => !!v))];
          const own = await send(t, {});
          t.expect(own.status, 200, 'the status of my own list');
          t.expect(own.text.includes(theirs), false, `my list names the other ${parent}'s ${child} ${theirs}`);
          const other = await send(t, { [parent]: fam.sameTenant[parent] ?? '' });
          t.expect(other.status, 200, `the status of the other ${parent}'s list`);
          t.expect(
            mine.filter((id) => other.text.includes(id)),
            [],
            `my ${parent}'s ${child}s that the other ${parent}'s list names`,
          );
        },
      });
    }
  }
  return checks;
}
