import { ConfigError } from '../errors.ts';
import type { TargetDescriptor } from '../targets/descriptor.ts';
import { defaultTarget, namedTarget, type TargetRegistry } from '../targets/registry.ts';

/** Where an option's explanation starts in the usage texts. */
const EXPLANATION_COLUMN = 22;

/** The --target lines of a usage text: the targets a command offers, one a line, from their descriptors. */
export function targetUsage(offered: readonly TargetDescriptor[], registry: TargetRegistry): string {
  const width = Math.max(...offered.map((t) => t.name.length));
  const indent = ' '.repeat(EXPLANATION_COLUMN + 2);
  return [
    `${'  --target NAME'.padEnd(EXPLANATION_COLUMN)}where to run (default: ${defaultTarget(registry).name}):`,
    ...offered.map((t) => `${indent}${t.name.padEnd(width)}  ${t.description}`),
  ].join('\n');
}

/**
 * --target NAME as a command takes it: a registered target, not combined with --endpoint when the
 * harness starts it. An unknown name lists `offered`, what the command accepts.
 */
export function parseTargetOption(
  raw: string | undefined,
  endpoint: string | undefined,
  registry: TargetRegistry,
  offered: readonly TargetDescriptor[] = registry.named,
): TargetDescriptor | undefined {
  if (raw === undefined) return undefined;
  const target = namedTarget(raw, registry, offered);
  if (target.kind === 'embedded' && endpoint !== undefined) {
    throw new ConfigError(`--target ${raw} starts its own emulator; it cannot be combined with --endpoint`);
  }
  return target;
}
