/** Peer (d): raw node:http answering a constant. The machine's ceiling. */
import { createServer } from 'node:http';

const body = JSON.stringify({ status: true, data: { id: '65a1f0c2e4b0a1b2c3d4e702', status: 'DONE' } });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
