import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment with no AWS_* variables: tests must not depend on (or leak) the machine's. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('VITEST') && v !== undefined) env[k] = v;
  delete env['NODE_OPTIONS'];
  return { ...env, ...extra };
}

/** Runs the real CLI in a child process, as a user would. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onStderr?: (chunk: string) => void; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'kinesis-conformance.mjs'), ...args], {
      cwd: options.cwd ?? PACKAGE_ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(c.toString());
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
