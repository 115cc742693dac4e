/**
 * Starts a throw-away PostgreSQL server for tests: a new cluster in a temporary directory, on a free
 * loopback port, stopped and deleted afterwards. PostgreSQL refuses to run as root, so when the tests
 * run as root the cluster is created and started as the unprivileged `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort } from './process.ts';

export interface Postgres {
  url: string;
  /** A new, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its data (`fast`: clients are disconnected; `immediate`: a crash). */
  halt(mode?: 'fast' | 'immediate'): void;
  /** Starts it again on the same port, after `halt`. */
  resume(): void;
  stop(): void;
}

function binDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : undefined;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (set PG_BIN, or install postgresql-15)');
  const dir = mkdtempSync(join(tmpdir(), 'device-commands-pg-'));
  const asRoot = process.getuid?.() === 0;
  // runuser lives in /usr/sbin, which a user's PATH often lacks.
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => existsSync(p)) ?? 'runuser';
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? runuser : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    return execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  let port = 0;
  const options = () =>
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const log = join(dir, 'log');
  const start = () => run('pg_ctl', ['-D', data, '-o', options(), '-l', log, '-w', '-t', '30', 'start']);
  // Another process may bind the free port first: then the log says so, and it starts on another.
  await onFreePort(async (free) => {
    port = free;
    const logged = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
    try {
      start();
    } catch (error) {
      const said = existsSync(log) ? readFileSync(log, 'utf8').slice(logged) : '';
      throw new Error(`${String(error)}\n${said}`, { cause: error });
    }
  });
  const base = `postgres://postgres@127.0.0.1:${port}`;
  let stopped = false;
  return {
    url: `${base}/postgres`,
    async createDatabase(name: string) {
      run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', '-c', `CREATE DATABASE "${name}"`]);
      return `${base}/${name}`;
    },
    halt(mode = 'fast') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    },
    resume() {
      start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already halted.
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
