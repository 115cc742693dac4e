/** Peer (c): a bare Hono route answering a constant. The framework's ceiling. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
const body = { status: true, data: { id: '65a1f0c2e4b0a1b2c3d4e702', status: 'DONE' } };
app.get('*', (c) => c.json(body));
app.post('*', (c) => c.json(body));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`listening http://127.0.0.1:${info.port}`),
);
