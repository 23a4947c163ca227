// The layering the README describes, held by a test (no lint plugin needed): no module imports
// itself back through a cycle of value imports, and the results model does not depend on reports.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './paths.ts';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourcesUnder(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [join(dir, d.name)] : [],
  );
}

/** Relative imports of a file; `import type` and `export type` lines are erased at run time and left out. */
function importsOf(file: string, typesToo: boolean): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)) {
    if (m[1] && !typesToo) continue;
    out.push(resolve(dirname(file), m[2]!));
  }
  return out;
}

const root = join(PACKAGE_ROOT, 'harness');
const files = [...sourcesUnder(root), ...sourcesUnder(join(PACKAGE_ROOT, 'suites'))];
const rel = (f: string) => relative(PACKAGE_ROOT, f);

describe('architecture', () => {
  it('has no cycle of value imports between modules', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f, false)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const g of graph.get(f) ?? []) if (graph.has(g)) visit(g, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the results model free of reports and the CLI', () => {
    const offending = files
      .filter((f) => rel(f).startsWith('harness/results/'))
      .flatMap((f) => importsOf(f, true).filter((g) => /harness\/(report|cli)\//.test(rel(g))).map((g) => `${rel(f)} imports ${rel(g)}`));
    expect(offending).toEqual([]);
  });

  it('lets suites reach the harness only through harness/index.ts', () => {
    const deep = files
      .filter((f) => rel(f).startsWith('suites/'))
      .flatMap((f) => importsOf(f, true).filter((g) => rel(g).startsWith('harness/') && rel(g) !== 'harness/index.ts').map((g) => `${rel(f)} imports ${rel(g)}`));
    expect(deep).toEqual([]);
  });
});
