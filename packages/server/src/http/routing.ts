/**
 * Which declared family a request belongs to (by the local base path the contract declares for it,
 * through @device-commands/spec), and the operations a path template offers.
 */
import { familyOfRequestPath } from '@device-commands/spec';
import { type FamilyId, families, operations } from '../generated/routes.gen.ts';

const declared = Object.values(families);

export function familyOf(path: string): FamilyId | undefined {
  return familyOfRequestPath(declared, path)?.family.id;
}

const templates = Object.values(operations).map((op) => {
  const base = families[op.family].basePath;
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const source = `${base}${op.path}`.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return {
    regex: new RegExp(`^${source.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    // The same template, but letting a parameter be empty (`/devices//commands`).
    loose: new RegExp(`^${source.replace(/\{[^}]+\}/g, '([^/]*)')}$`),
    names,
    method: op.method.toUpperCase(),
  };
});

/**
 * The path parameters left empty in a request for a documented operation, such as `emmDeviceId` in
 * `/devices//commands`: the route is the operation's, and the answer is its validation error.
 */
export function emptyPathParameters(method: string, path: string): string[] {
  for (const t of templates) {
    const match = t.method === method && !t.regex.test(path) ? t.loose.exec(path) : null;
    if (match) return t.names.filter((_, i) => match[i + 1] === '');
  }
  return [];
}

/** The methods the contract documents for a concrete path (empty when no path template matches). */
export function allowedMethods(path: string): string[] {
  const methods = new Set(templates.filter((t) => t.regex.test(path)).map((t) => t.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
