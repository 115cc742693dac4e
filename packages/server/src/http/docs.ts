/**
 * The docs site at /docs/ (built by `pnpm build` into packages/docs/dist): the page, the try-it
 * console, the spec downloads and the samples, as static files.
 *
 * - `/docs` redirects to `/docs/`, so that the page's relative links (`openapi.yaml`, `try.html`)
 *   resolve under /docs/ exactly as they do on a static host.
 * - Each file is read once per version (mtime, size, inode): a rebuilt site, `pnpm build` or
 *   `pnpm dev`'s docs step while the server runs, is served at once.
 * - Compressed with brotli or gzip when the client accepts it (the page is 2.7 MB raw, 0.66 MB with
 *   brotli), once per version and encoding; `ETag` and `If-None-Match` spare a repeat download.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.ts': 'text/plain; charset=utf-8',
  '.sh': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};
/** Worth compressing: text. */
const COMPRESSIBLE = /^(text\/|application\/(json|yaml))/;
/** A file name under /docs/: one optional folder, no dot segments. */
const SAFE = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

type Encoding = 'br' | 'gzip' | 'identity';

/** The `Server` header of the docs files. */
export const DOCS_SERVER = 'device-commands-reference-server';

const compressors: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5: about 0.2 s for the 2.7 MB page here; quality 11 would save about 12 % more in 10 s.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(gzip)(body, { level: 6 }),
};

/** The encoding to answer with, from `Accept-Encoding` (q-values honoured, brotli preferred). */
export function negotiateEncoding(header: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

interface Version {
  key: string;
  etag: string;
  bodies: Partial<Record<Encoding, Promise<Buffer>>>;
}

export function serveDocs(app: OpenAPIHono<AppEnv>, dir: string | undefined) {
  const versions = new Map<string, Version>();

  const serve = async (c: Context<AppEnv>, file: string) => {
    if (!dir) return c.json({ error: { code: 'notFound', message: 'No docs site configured: set DOCS_DIR.' } }, 404);
    const type = TYPES[extname(file)];
    const path = join(dir, file);
    const stat = SAFE.test(file) && type ? statSync(path, { throwIfNoEntry: false }) : undefined;
    if (!stat?.isFile()) {
      const message =
        file === 'index.html'
          ? 'The docs site is not built: run pnpm build.'
          : `No such file in the docs site: ${file}`;
      return c.json({ error: { code: 'notFound', message } }, 404);
    }
    const key = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    let version = versions.get(path);
    if (version?.key !== key) {
      const body = readFileSync(path);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      version = { key, etag, bodies: { identity: Promise.resolve(body) } };
      versions.set(path, version);
    }
    const encoding = type && COMPRESSIBLE.test(type) ? negotiateEncoding(c.req.header('accept-encoding')) : 'identity';
    const etag = encoding === 'identity' ? version.etag : `${version.etag.slice(0, -1)}-${encoding}"`;
    const headers: Record<string, string> = {
      'content-type': type as string,
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
      etag,
      // The try-it console reads it to send its requests to this server (a static host sends its own).
      server: DOCS_SERVER,
    };
    if (
      c.req
        .header('if-none-match')
        ?.split(/\s*,\s*/)
        .includes(etag)
    )
      return c.body(null, 304, headers);
    if (encoding !== 'identity') {
      headers['content-encoding'] = encoding;
      const identity = version.bodies.identity as Promise<Buffer>;
      version.bodies[encoding] ??= identity.then(compressors[encoding]);
    }
    const body = await (version.bodies[encoding] as Promise<Buffer>);
    return c.body(new Uint8Array(body), 200, headers);
  };

  app.get('/docs', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`/docs/${query}`, 301);
  });
  app.get('/docs/', (c) => serve(c, 'index.html'));
  app.get('/docs/*', (c) => {
    let file: string;
    try {
      file = decodeURIComponent(c.req.path.slice('/docs/'.length));
    } catch {
      file = ''; // a malformed escape names no file
    }
    return serve(c, file);
  });
}
