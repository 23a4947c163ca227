import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'fixed-json-server.mjs');

export interface FixedServer {
  endpoint: URL;
  stop(): Promise<void>;
}

/** Starts fixed-json-server.mjs as a child process on a free loopback port. */
export function startFixedServer(): Promise<FixedServer> {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fixed JSON server exited (${code}) before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const port = /^(\d+)\n/.exec(out)?.[1];
      if (!port) return;
      child.stdout.removeAllListeners('data');
      child.removeAllListeners('exit');
      resolve({
        endpoint: new URL(`http://127.0.0.1:${port}/`),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
