import { ConfigError } from '../errors.ts';
import type { EmbeddedTarget, RemoteTarget, TargetDescriptor } from './descriptor.ts';

/** The targets a command knows: everything about targets in the CLI is derived from one of these. */
export interface TargetRegistry {
  /** What --target NAME can name, in the usage text's order; the first is the default. */
  readonly named: readonly [EmbeddedTarget, ...TargetDescriptor[]];
  /** What an --endpoint URL is when no named remote target claims it. */
  readonly endpoint: RemoteTarget;
}

export function defaultTarget(registry: TargetRegistry): EmbeddedTarget {
  return registry.named[0];
}

/** Every target of the registry, including the one an --endpoint URL reaches. */
export function allTargets(registry: TargetRegistry): TargetDescriptor[] {
  return [...registry.named, registry.endpoint];
}

export function embeddedTargets(registry: TargetRegistry): EmbeddedTarget[] {
  return registry.named.filter((t): t is EmbeddedTarget => t.kind === 'embedded');
}

export function remoteTargets(registry: TargetRegistry): RemoteTarget[] {
  return registry.named.filter((t): t is RemoteTarget => t.kind === 'remote');
}

/** "a", "a or b", "a, b or c". */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * The target --target NAME names. An unknown name is a ConfigError listing `offered` (what the
 * command accepts; a known target a command refuses is the command's own message).
 */
export function namedTarget(raw: string, registry: TargetRegistry, offered: readonly TargetDescriptor[] = registry.named): TargetDescriptor {
  const found = registry.named.find((t) => t.name === raw);
  if (!found) throw new ConfigError(`unknown target '${raw}': use ${orList(offered.map((t) => t.name))}, or --endpoint URL`);
  return found;
}

/** The committed baseline of a target recorded as `name` in a report; null for remote or unknown targets. */
export function baselineOf(name: string, registry: TargetRegistry): string | null {
  return allTargets(registry).find((t) => t.name === name)?.baseline ?? null;
}
