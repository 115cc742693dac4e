/**
 * The server as the quick start runs it: a real process, on a file database, printing its URL, the
 * demo tokens and one curl command per operation family. Each printed curl, run as printed, returns
 * what the spec says (status and body, checked with Ajv against the bundled spec).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createSpecAjv,
  familiesOf,
  familyOfRequestPath,
  loadDereferencedSpec,
  operationsOf,
} from '@device-commands/spec';
import { type Started, startProcess } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const spec = loadDereferencedSpec();
const declared = familiesOf(spec);
const ajv = createSpecAjv();
let started: Started;
let output = '';
const dataDir = mkdtempSync(join(tmpdir(), 'device-commands-quickstart-'));

beforeAll(async () => {
  started = await startProcess(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      AGENT_DELAY_MS: '60000',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
    ready: /\nTry:\n[\s\S]*curl[\s\S]*\n\n/,
  });
  output = started.output();
});

afterAll(async () => {
  await started?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The operation and documented response a printed request maps to. */
function documented(method: string, url: string, status: number) {
  const found = familyOfRequestPath(declared, new URL(url).pathname);
  if (!found) return undefined;
  const { family, path } = found;
  for (const o of operationsOf(spec).filter((op) => op.family.id === family.id)) {
    const regex = new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (o.method === method.toLowerCase() && regex.test(path)) {
      return {
        family: family.id,
        operationId: o.operation.operationId,
        schema: o.operation.responses[String(status)]?.content?.['application/json']?.schema,
      };
    }
  }
  return undefined;
}

describe('the quick-start server', () => {
  it('prints its URL, both families and the demo tokens', () => {
    expect(output).toMatch(/reference server: http:\/\/localhost:\d+/);
    for (const family of declared)
      expect(output).toMatch(new RegExp(`${family.name}\\s+http://localhost:\\d+${family.basePath}\\s`));
    expect(output).toMatch(/android demo-android-admin-token/);
    expect(output).toMatch(/graph\s+demo-graph-ana-token-0001/);
  });

  it('prints curl commands that work as printed and answer what the spec says', async () => {
    const curls = output.split('\n').filter((line) => line.trim().startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(4);
    const families = new Set<string>();
    for (const line of curls) {
      const { stdout } = await run('bash', ['-c', `${line.trim()} -w '\\n%{http_code}'`]);
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')));
      const method = /-X (\w+)/.exec(line)?.[1] ?? 'GET';
      const url = /(http:\/\/\S+)$/.exec(line.trim())?.[1] ?? '';
      const doc = documented(method, url, status);
      expect(doc, `${line} → ${status} is not an operation`).toBeDefined();
      expect(status, line).toBeLessThan(300);
      const validate = ajv.compile(doc?.schema as object);
      expect(validate(body) ? [] : validate.errors, line).toEqual([]);
      families.add(doc?.family ?? '');
    }
    expect([...families].sort()).toEqual(declared.map((f) => f.id).sort());
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const origin = /reference server: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const url = new URL(
      '/applivery/v1/organizations/acme-robotics/mdm/android/enterprise/devices/R58N123ABCD/commands',
      origin,
    );
    const exited = new Promise<number | null>((resolve) => started.child.on('exit', (code) => resolve(code)));
    const response = new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: 'Bearer demo-android-admin-token',
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // Half a body now, SIGTERM, then the other half: the request is in flight when the signal comes.
      req.write('{"type":');
      setTimeout(() => {
        started.child.kill('SIGTERM');
        setTimeout(() => req.end('"LOCK"}'), 300);
      }, 200);
    });
    expect(await response).toBe(200);
    expect(await exited).toBe(0);
  });
});
