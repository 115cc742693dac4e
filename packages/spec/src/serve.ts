/**
 * Serves the bundled contract over HTTP (GET /openapi.json, /openapi.yaml, /openapi.dereferenced.json).
 * Stand-in for `pnpm dev` until the reference server serves the contract itself.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { bundlePaths } from './index.ts';

const port = Number(process.env.PORT ?? 4000);
const files: Record<string, [path: string, type: string]> = {
  '/openapi.json': [bundlePaths.json, 'application/json'],
  '/openapi.yaml': [bundlePaths.yaml, 'application/yaml'],
  '/openapi.dereferenced.json': [bundlePaths.dereferenced, 'application/json'],
};

const server = createServer((req, res) => {
  const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`Try ${Object.keys(files).join(', ')}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': file[1] }).end(req.method === 'HEAD' ? undefined : readFileSync(file[0]));
});
server.listen(port, () => {
  for (const path of Object.keys(files)) console.log(`spec: http://localhost:${port}${path}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
