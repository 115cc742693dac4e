// House rules about the API families declared once in openapi.yaml (`x-families`).
// Loaded by redocly.yaml; each rule has a deliberately broken fixture in
// packages/spec/test/house-rules.test.ts that proves it fires.
//
// Nothing here knows a family by name, path or host: every rule reads the declaration.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const REQUIRED = [
  'id',
  'name',
  'tag',
  'upstream',
  'local',
  'securityScheme',
  'authorization',
  'errorEnvelope',
  'errorResponses',
  'successEnvelope',
  'situations',
];
/** The situations every family names a code for, then those a family may have. */
const SITUATIONS = ['missingToken', 'invalidToken', 'validation', 'routeNotFound', 'methodNotAllowed'];
const OPTIONAL_SITUATIONS = ['planLacksFeature', 'notPending'];
const AUTHORIZATION = ['x-permission', 'scopes'];

/** Declared families, or [] when the declaration is missing (the `declared` rule reports that). */
function familiesOf(root) {
  return Array.isArray(root?.['x-families']) ? root['x-families'].filter((f) => f && typeof f === 'object') : [];
}

/** Calls `visit` for every operation, with its resolved path item and where it lives. */
function eachOperation(root, ctx, visit) {
  for (const [path, raw] of Object.entries(root.paths ?? {})) {
    const resolved = ctx.resolve(raw);
    const item = resolved.node;
    if (!item || typeof item !== 'object') continue;
    const itemLocation = resolved.location ?? ctx.location.child(['paths', path]);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || typeof operation !== 'object') continue;
      // $refs inside the path item resolve against its own file.
      const resolve = (node) => ctx.resolve(node, itemLocation.source.absoluteRef);
      visit({ path, method, item, itemLocation, operation, location: itemLocation.child([method]), resolve });
    }
  }
}

/** The families an operation belongs to (by its tags). Exactly one is expected. */
function familiesOfOperation(families, operation) {
  const tags = Array.isArray(operation.tags) ? operation.tags : [];
  return families.filter((f) => tags.includes(f.tag));
}

/**
 * A rule that looks at each operation that belongs to one declared family: `check` gets the
 * operation, its family, a report function and the operation's location.
 */
function perOperation(check) {
  return () => ({
    Root: {
      leave(root, ctx) {
        const families = familiesOf(root);
        eachOperation(root, ctx, (entry) => {
          const [family] = familiesOfOperation(families, entry.operation);
          if (!family) return;
          const where = `${entry.method.toUpperCase()} ${entry.path}`;
          check({ ...entry, family, where, report: (message, at) => ctx.report({ message, location: at }) });
        });
      },
    },
  });
}

function Declared() {
  return {
    Root: {
      leave(root, ctx) {
        const families = root['x-families'];
        const at = ctx.location.child(['x-families']);
        if (!Array.isArray(families) || families.length === 0) {
          ctx.report({
            message: 'The document declares its API families in a non-empty root `x-families` list.',
            location: ctx.location,
          });
          return;
        }
        const tags = new Set((root.tags ?? []).map((t) => t.name));
        const schemes = root.components?.securitySchemes ?? {};
        const seen = { id: new Set(), tag: new Set(), base: [] };
        families.forEach((f, i) => {
          const here = at.child([i]);
          for (const key of REQUIRED) {
            if (f?.[key] === undefined) ctx.report({ message: `Family ${i} has no \`${key}\`.`, location: here });
          }
          if (!f || typeof f !== 'object') return;
          if (typeof f.id === 'string' && !/^[a-z][a-z0-9]*$/.test(f.id))
            ctx.report({
              message: `Family id "${f.id}" is a lowercase identifier ([a-z][a-z0-9]*).`,
              location: here.child(['id']),
            });
          if (seen.id.has(f.id))
            ctx.report({ message: `Family id "${f.id}" is declared twice.`, location: here.child(['id']) });
          seen.id.add(f.id);
          if (seen.tag.has(f.tag))
            ctx.report({ message: `Tag "${f.tag}" names two families.`, location: here.child(['tag']) });
          seen.tag.add(f.tag);
          if (f.tag !== undefined && !tags.has(f.tag))
            ctx.report({
              message: `Family "${f.id}" names tag "${f.tag}", which the document does not declare.`,
              location: here.child(['tag']),
            });
          if (f.securityScheme !== undefined && !(f.securityScheme in schemes))
            ctx.report({
              message: `Family "${f.id}" names security scheme "${f.securityScheme}", which components.securitySchemes does not declare.`,
              location: here.child(['securityScheme']),
            });
          if (f.authorization !== undefined && !AUTHORIZATION.includes(f.authorization))
            ctx.report({
              message: `Family "${f.id}": authorization is one of ${AUTHORIZATION.join(', ')}.`,
              location: here.child(['authorization']),
            });
          if (f.authorization === 'x-permission' && typeof f.permissionPrefix !== 'string')
            ctx.report({
              message: `Family "${f.id}" authorizes by x-permission, so it names a \`permissionPrefix\`.`,
              location: here,
            });
          for (const key of ['upstream', 'local']) {
            try {
              if (f[key] !== undefined) new URL(f[key]);
            } catch {
              ctx.report({ message: `Family "${f.id}": ${key} is an absolute URL.`, location: here.child([key]) });
            }
          }
          try {
            const base = new URL(f.local).pathname.replace(/\/$/, '');
            if (base === '')
              ctx.report({
                message: `Family "${f.id}": the local URL has a base path of its own.`,
                location: here.child(['local']),
              });
            for (const other of seen.base) {
              if (base === other || base.startsWith(`${other}/`) || other.startsWith(`${base}/`))
                ctx.report({
                  message: `Family "${f.id}": local base path ${base} overlaps ${other}.`,
                  location: here.child(['local']),
                });
            }
            seen.base.push(base);
          } catch {}
          const kind = f.successEnvelope?.kind;
          if (f.successEnvelope !== undefined && kind !== 'wrapped' && kind !== 'bare')
            ctx.report({
              message: `Family "${f.id}": successEnvelope.kind is wrapped or bare.`,
              location: here.child(['successEnvelope']),
            });
        });
      },
    },
  };
}

function OperationInOneFamily() {
  return {
    Root: {
      leave(root, ctx) {
        const families = familiesOf(root);
        if (families.length === 0) return;
        eachOperation(root, ctx, ({ path, method, operation, location }) => {
          const found = familiesOfOperation(families, operation);
          if (found.length !== 1)
            ctx.report({
              message: `${method.toUpperCase()} ${path} belongs to ${found.length === 0 ? 'no' : `${found.length}`} declared families; tag it with exactly one family's tag (${families.map((f) => f.tag).join(', ')}).`,
              location: location.child(['tags']),
            });
        });
      },
    },
  };
}

function PathServers() {
  return {
    Root: {
      leave(root, ctx) {
        const families = familiesOf(root);
        const byPath = new Map();
        eachOperation(root, ctx, ({ path, item, itemLocation, operation }) => {
          const [family] = familiesOfOperation(families, operation);
          if (!family) return;
          const entry = byPath.get(path) ?? { item, itemLocation, ids: new Set(), family };
          entry.ids.add(family.id);
          byPath.set(path, entry);
        });
        for (const [path, { item, itemLocation, ids, family }] of byPath) {
          if (ids.size > 1) {
            ctx.report({
              message: `${path} mixes operations of families ${[...ids].join(', ')}: one path, one family.`,
              location: itemLocation,
            });
            continue;
          }
          const urls = (item.servers ?? []).map((s) => s.url);
          const expected = [family.upstream, family.local];
          if (urls.length !== 2 || urls[0] !== expected[0] || urls[1] !== expected[1])
            ctx.report({
              message: `${path} (family "${family.id}") lists its family's servers, upstream then local: ${expected.join(', ')}.`,
              location: itemLocation.child(['servers']),
            });
        }
      },
    },
  };
}

const OperationSecurity = perOperation(({ operation, family, where, location, report }) => {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.length === 0 || schemes.some((s) => s !== family.securityScheme))
    report(
      `${where} is secured by its family's scheme, ${family.securityScheme}, and no other.`,
      location.child(['security']),
    );
});

const OperationNamesPermission = perOperation(({ operation, family, where, location, report }) => {
  if (family.authorization !== 'x-permission') return;
  const permission = operation['x-permission'];
  const rest = typeof permission === 'string' ? permission.slice(family.permissionPrefix.length) : '';
  if (
    typeof permission !== 'string' ||
    !permission.startsWith(family.permissionPrefix) ||
    !/^[a-z][a-zA-Z]*$/.test(rest)
  )
    report(
      `${where} names its permission in x-permission (${family.permissionPrefix}<action>).`,
      location.child(['x-permission']),
    );
});

const ErrorsUseFamilyEnvelope = perOperation(({ operation, family, where, location, resolve, report }) => {
  const folder = `/${family.errorResponses.replace(/^\/|\/$/g, '')}/`;
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (/^2/.test(status)) continue;
    const target = response?.$ref ? resolve(response).location?.source.absoluteRef : undefined;
    if (!target?.replace(/\\/g, '/').includes(folder))
      report(
        `${where} ${status}: every error response of family "${family.id}" is a $ref to a response in ${family.errorResponses} (its envelope, ${family.errorEnvelope}).`,
        location.child(['responses', status]),
      );
  }
});

const DeprecatedFamily = perOperation(({ operation, family, where, location, report }) => {
  if (family.deprecated === true && operation.deprecated !== true)
    report(`${where} is deprecated, as its family "${family.id}" is.`, location.child(['deprecated']));
});

/**
 * `situations`: a code for every situation every family has, optionally for the family's own ones,
 * nothing unknown, and codes of one type (integers or non-empty strings) per family.
 */
const Situations = () => ({
  Root: {
    leave(root, ctx) {
      familiesOf(root).forEach((f, i) => {
        const at = ctx.location.child(['x-families', i, 'situations']);
        const situations = f.situations;
        if (!situations || typeof situations !== 'object') return; // `declared` reports it missing
        for (const name of SITUATIONS)
          if (situations[name] === undefined)
            ctx.report({ message: `Family "${f.id}" names no code for situation ${name}.`, location: at });
        for (const [name, code] of Object.entries(situations)) {
          if (!SITUATIONS.includes(name) && !OPTIONAL_SITUATIONS.includes(name))
            ctx.report({
              message: `Family "${f.id}": ${name} is not a known situation (${[...SITUATIONS, ...OPTIONAL_SITUATIONS].join(', ')}).`,
              location: at.child([name]),
            });
          if (!Number.isInteger(code) && !(typeof code === 'string' && code.length > 0))
            ctx.report({
              message: `Family "${f.id}": the code of ${name} is an integer or a non-empty string.`,
              location: at.child([name]),
            });
        }
        const types = new Set(Object.values(situations).map((c) => typeof c));
        if (types.size > 1)
          ctx.report({ message: `Family "${f.id}": its situations' codes are all of one type.`, location: at });
      });
    },
  },
});

const LIMITS = ['maxBodyBytes', 'maxJsonDepth', 'maxObjectKeys', 'maxArrayItems', 'maxStringLength', 'maxHeaderBytes'];

/** `x-input-limits`: each known limit declared, as a positive integer. */
const InputLimits = () => ({
  Root: {
    leave(root, ctx) {
      const limits = root['x-input-limits'];
      const at = ctx.location.child(['x-input-limits']);
      if (!limits || typeof limits !== 'object') {
        ctx.report({ message: `x-input-limits is missing: declare ${LIMITS.join(', ')}.`, location: ctx.location });
        return;
      }
      for (const name of LIMITS)
        if (!Number.isInteger(limits[name]) || limits[name] < 1)
          ctx.report({ message: `x-input-limits.${name} must be a positive integer.`, location: at.child([name]) });
      for (const name of Object.keys(limits))
        if (!LIMITS.includes(name))
          ctx.report({
            message: `x-input-limits.${name} is not a known limit (${LIMITS.join(', ')}).`,
            location: at.child([name]),
          });
    },
  },
});

export default function familiesPlugin() {
  return {
    id: 'families',
    rules: {
      oas3: {
        declared: Declared,
        'operation-in-one-family': OperationInOneFamily,
        'path-servers': PathServers,
        'operation-security': OperationSecurity,
        'operation-names-permission': OperationNamesPermission,
        'errors-use-family-envelope': ErrorsUseFamilyEnvelope,
        'deprecated-family': DeprecatedFamily,
        'input-limits': InputLimits,
        situations: Situations,
      },
    },
  };
}
