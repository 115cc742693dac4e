/**
 * The reference server behind the loop, restarted without dropping a request: a new process starts
 * on a free port beside the old one (same SQLite file, so the data stays), the proxy switches to it
 * once it answers, and only then the old one is stopped gracefully (SIGTERM: it finishes what it
 * was answering). If the new process does not start, the old one keeps serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Everything it printed until it was ready (its banner). */
  banner: string;
}

export class ServerStartError extends Error {
  readonly output: string;
  constructor(message: string, output: string) {
    super(message);
    this.name = 'ServerStartError';
    this.output = output;
  }
}

const READY = /reference server: http:\/\/[^:\s]+:(\d+)/;

/** Starts `node src/main.ts` of the server package on a free port; resolves when it listens. */
export function startServerProcess(
  serverDir: string,
  docsDir: string,
  onOutput: (text: string) => void,
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(serverDir, 'src', 'main.ts'), '--docs-dir', docsDir], {
    cwd: serverDir,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ServerStartError(`the server did not start within ${timeoutMs} ms`, output));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      if (ready) return onOutput(chunk.toString());
      output += chunk.toString();
      const found = READY.exec(output);
      // The banner ends with a blank line after the curl commands.
      if (found && /\n\n$/.test(output)) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, origin: `http://127.0.0.1:${found[1]}`, banner: output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new ServerStartError(`the server exited (${signal ?? code}) before it listened`, output));
    });
  });
}

/** SIGTERM, then wait (at most 10 s, then SIGKILL) for the exit. */
export function stopServerProcess(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A restart that drops no request: the next server starts beside `previous` (which keeps answering),
 * `switchTo` points the proxy at it once it listens, and `previous` is stopped gracefully once
 * `drained` says that no request sent to it is still on its way (a server that stops closes the
 * connections whose request it has not read yet). If the next server does not start, this rejects
 * and `previous` keeps serving.
 */
export async function replaceServer(
  previous: ServerProcess | undefined,
  start: () => Promise<ServerProcess>,
  switchTo: (next: ServerProcess) => void,
  drained: (previous: ServerProcess) => Promise<void>,
): Promise<ServerProcess> {
  const next = await start();
  switchTo(next);
  if (previous) void drained(previous).then(() => stopServerProcess(previous));
  return next;
}
