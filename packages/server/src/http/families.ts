/** Which family a request belongs to, by path prefix, and the operations a path template offers. */
import { androidErrors } from '../errors/android.ts';
import { graphErrors } from '../errors/graph.ts';
import type { FamilyErrors } from '../errors/types.ts';
import { families, operations } from '../generated/routes.gen.ts';
import type { Family } from './env.ts';

export const ERRORS: Record<Family, FamilyErrors> = { android: androidErrors, graph: graphErrors };

export function familyOf(path: string): Family | undefined {
  for (const [family, { basePath }] of Object.entries(families) as [Family, { basePath: string }][]) {
    if (path === basePath || path.startsWith(`${basePath}/`)) return family;
  }
  return undefined;
}

const templates = Object.values(operations).map((op) => {
  const base = families[op.family].basePath;
  const source = `${base}${op.path}`.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return { regex: new RegExp(`^${source}/?$`), method: op.method.toUpperCase() };
});

/** The methods the contract documents for a concrete path (empty when no path template matches). */
export function allowedMethods(path: string): string[] {
  const methods = new Set(templates.filter((t) => t.regex.test(path)).map((t) => t.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
