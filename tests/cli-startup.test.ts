/**
 * What `convas summary` loads before it can print: the static imports reachable from the launcher's entry and the
 * summary command (a command's module is imported only when it runs; `import type` and `import()` load nothing at
 * start-up). Packages cost more to load than the command takes to run: on this project's 2-core machine, importing
 * zod took 66 ms, onnx-proto 30 ms and sharp 138 ms where `node -e 0` took 90 ms (under load, each about as long
 * as `node -e 0` or longer), so the summary path must reach none of them; bench/cli-startup.ts times the command.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Static value imports of a TypeScript module: relative ones resolved to files, packages by name. */
function staticImports(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  // `import x from 'y'`, `import { a } from 'y'`, `import 'y'`, `export … from 'y'`; not `import type`/`export type`.
  const re = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const base = join(dirname(file), spec).replace(/\.js$/, '');
    const found = [`${base}.ts`, `${base}.tsx`, base].find((p) => existsSync(p) && p.match(/\.tsx?$/));
    if (!found) throw new Error(`${relative(ROOT, file)}: cannot resolve ${spec}`);
    files.push(found);
  }
  return { files, packages };
}

/** Every package reachable by static imports from `entries`, with the chain of files that reaches it. */
function reachablePackages(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(entries.map((e) => [e, [relative(ROOT, e)]]));
  const packages = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    const { files, packages: pkgs } = staticImports(file);
    for (const p of pkgs) if (!packages.has(p)) packages.set(p, seen.get(file)!);
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.set(f, [...seen.get(file)!, relative(ROOT, f)]);
      queue.push(f);
    }
  }
  return packages;
}

describe('convas summary start-up', () => {
  it('reaches only node built-ins through static imports', () => {
    const entries = ['src/cli/main.ts', 'src/cli/commands/summary.ts'].map((p) => join(ROOT, p));
    const packages = reachablePackages(entries);
    const outside = [...packages].filter(([p]) => !p.startsWith('node:'));
    expect(outside.map(([p, via]) => `${p} via ${via.join(' → ')}`)).toEqual([]);
  });

  it('would notice a package: convolve reaches sharp', () => {
    const packages = reachablePackages([join(ROOT, 'src/cli/commands/convolve.ts')]);
    expect([...packages.keys()]).toContain('sharp');
  });
});
