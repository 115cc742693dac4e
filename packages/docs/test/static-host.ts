/**
 * A plain static file host for the built site, as a reader might publish it: files under a base path
 * (`/some/base/`), no redirects, no rewrites, no compression, 404 for anything else.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
};

export async function startStaticHost(dir: string, base: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (!path.startsWith(base)) return res.writeHead(404).end('not found');
    const rest = path.slice(base.length);
    const target = normalize(join(dir, rest.endsWith('/') || rest === '' ? `${rest}index.html` : rest));
    if (!target.startsWith(dir) || !statSync(target, { throwIfNoEntry: false })?.isFile())
      return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    res.end(readFileSync(target));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
