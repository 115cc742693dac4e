/**
 * Helpers for the other packages' tests: free loopback ports, child processes that announce
 * readiness on stdout, and Prism. Not part of the contract.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** The first capture group of `ready`, such as a URL. */
  match: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<number | null>;
}

/** Spawns a process and resolves once its output matches `ready` (rejects if it exits first). */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number; cwd?: string },
): Promise<Started> {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let ready = false;
  const match = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not get ready:\n${output}`)),
      options.timeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Once ready, output is only kept: matching the whole of it again on every chunk would cost the
      // reader time that grows with everything printed (a logging server under load prints megabytes),
      // and a reader that falls behind blocks the writer on its full pipe.
      if (ready) return;
      const found = options.ready.exec(output);
      if (found) {
        ready = true;
        clearTimeout(timer);
        resolve(found[1] ?? found[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    match,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Starts `prism <args>` (the `@stoplight/prism-cli` installed in `cwd`'s package) on a free port. */
export async function startPrism(args: string[], cwd = process.cwd()): Promise<Started & { url: string }> {
  const require = createRequire(join(cwd, 'package.json'));
  const bin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await freePort();
  const started = await startProcess(process.execPath, [bin, ...args, '-h', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, NO_COLOR: '1' },
    ready: /Prism is listening/,
  });
  return { ...started, url: `http://127.0.0.1:${port}` };
}
