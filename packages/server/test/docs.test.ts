/**
 * The docs site as the reference server serves it (in process, on a temporary site directory):
 * /docs redirects to /docs/, files are compressed as the client accepts, revalidated by ETag, a
 * rebuilt file is served at once, and nothing outside the site is reachable.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, TokenRegistry } from '../src/auth/tokens.ts';
import { createApp } from '../src/http/app.ts';
import { negotiateEncoding } from '../src/http/docs.ts';
import { memoryLogger } from '../src/http/logger.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';

const site = mkdtempSync(join(tmpdir(), 'docs-site-'));
const PAGE = `<!DOCTYPE html><title>docs</title>${'<p>Cancel pending command</p>'.repeat(2000)}`;
writeFileSync(join(site, 'index.html'), PAGE);
writeFileSync(join(site, 'openapi.yaml'), 'openapi: 3.1.0\n');
writeFileSync(join(site, 'try.js'), 'console.log(1);\n');
mkdirSync(join(site, 'samples'));
writeFileSync(join(site, 'samples', 'listMyDevices.sh'), 'curl -sS localhost\n');
writeFileSync(join(tmpdir(), 'outside-docs.txt'), 'secret');
afterAll(() => rmSync(site, { recursive: true, force: true }));

const { app } = createApp({
  store: await openSqliteStore(':memory:'),
  tokens: new TokenRegistry(DEMO_TOKENS),
  logger: memoryLogger(),
  responseValidation: 'strict',
  docsDir: site,
});
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('the docs site', () => {
  it('redirects /docs to /docs/, keeping the query, so that relative links resolve under /docs/', async () => {
    const res = await get('/docs?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/docs/?x=1');
  });

  it.each([
    ['/docs/', 'text/html; charset=utf-8'],
    ['/docs/index.html', 'text/html; charset=utf-8'],
    ['/docs/openapi.yaml', 'application/yaml'],
    ['/docs/try.js', 'text/javascript; charset=utf-8'],
    ['/docs/samples/listMyDevices.sh', 'text/plain; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it.each([
    ['br, gzip', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip, deflate', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['gzip;q=1, br;q=0', 'gzip', (b: Buffer) => gunzipSync(b)],
  ])(
    'compresses the page for Accept-Encoding "%s" with %s, and the page is intact',
    async (accept, encoding, inflate) => {
      const res = await get('/docs/', { 'accept-encoding': accept });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBeLessThan(PAGE.length / 10);
      expect(inflate(body).toString()).toBe(PAGE);
    },
  );

  it('sends the page as it is to a client that accepts no compression', async () => {
    const res = await get('/docs/', { 'accept-encoding': 'identity' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(PAGE);
  });

  it('answers 304 to a repeat request with the ETag it gave, per encoding', async () => {
    const first = await get('/docs/', { 'accept-encoding': 'br' });
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^".+-br"$/);
    expect((await get('/docs/', { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304);
    expect((await get('/docs/', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200);
  });

  it('serves a rebuilt file at once', async () => {
    writeFileSync(join(site, 'openapi.yaml'), 'openapi: 3.1.0\ninfo: {title: rebuilt}\n');
    expect(await (await get('/docs/openapi.yaml')).text()).toContain('rebuilt');
  });

  it.each([
    '/docs/missing.html',
    '/docs/..%2Foutside-docs.txt',
    '/docs/%2E%2E/outside-docs.txt',
    '/docs/samples/../../outside-docs.txt',
    '/docs/.hidden.json',
    '/docs/index.exe',
    '/docs/%E0%A4%A',
  ])('answers 404 in JSON to %s, and nothing outside the site is served', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });
});

describe('Accept-Encoding negotiation', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['deflate', 'identity'],
    ['GZIP', 'gzip'],
  ])('picks %s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
