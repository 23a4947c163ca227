import { ConfigError } from '../errors.ts';
import { parseCliArgs, USAGE } from './args.ts';
import { compareCommand } from './compare.ts';
import { evidenceCommand } from './evidence.ts';
import { matrixCommand } from './matrix.ts';
import type { Io } from './io.ts';
import { runCommand } from './run.ts';
import { parseSelfCheckArgs, selfCheckCommand } from './self-check.ts';
import { mergeCommand } from './merge.ts';
import { sweepCommand } from './sweep.ts';

function defaultIo(): Io {
  const tty = process.stderr.isTTY === true;
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: (line, final) => {
      if (tty) process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
      else if (final) process.stderr.write(`${line}\n`);
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    if (argv[0] === 'self-check') return await selfCheckCommand(parseSelfCheckArgs([...argv]), io);
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (args.command === 'matrix') return await matrixCommand(args, io);
    if (args.command === 'compare') return await compareCommand(args, io);
    if (args.command === 'evidence') return await evidenceCommand(args, io);
    if (args.command === 'sweep') return await sweepCommand(args, io);
    if (args.command === 'merge') return await mergeCommand(args, io);
    return await runCommand(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`kinesis-conformance: ${error.message}`);
      return 2;
    }
    io.err(`kinesis-conformance: internal error: ${(error as Error).stack ?? String(error)}`);
    return 3;
  }
}
