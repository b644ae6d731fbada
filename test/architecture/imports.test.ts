// The layers as this codebase draws them (STYLE, "Layers"), checked over the import graph of the source:
// the domain imports nothing outside itself and no I/O; the store speaks DynamoDB, not HTTP; route
// implementations call repositories instead of building keys and transactions; an entry file is never
// imported by another module; a group's entry file imports only its own routes; and no module reaches
// itself through its imports.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** Every module specifier of a file: static imports and exports, type-only ones included, and import(). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

/** A specifier as a path from the repository root, or undefined for a package. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('#domain/')) return join('domain', specifier.slice('#domain/'.length));
  if (specifier.startsWith('#functions/')) return join('functions', specifier.slice('#functions/'.length));
  if (specifier.startsWith('.')) return relative(ROOT, resolve(ROOT, dirname(from), specifier));
  return undefined;
}

const FILES = [...sourceFiles('domain'), ...sourceFiles('functions')];
const GRAPH = new Map(
  FILES.map((file) => {
    const specifiers = specifiersOf(readFileSync(join(ROOT, file), 'utf8'));
    return [file, { specifiers, local: specifiers.flatMap((s) => resolveSpecifier(file, s) ?? []) }];
  }),
);

const importersOf = (predicate: (target: string) => boolean) =>
  [...GRAPH].flatMap(([file, { local }]) => local.filter(predicate).map((target) => `${file} → ${target}`));

describe('layers', () => {
  it('reads the imports it checks (the graph is not empty, and sees type-only imports)', () => {
    expect(GRAPH.get('functions/store/dossiers.ts')?.local).toContain('functions/store/db.ts');
    expect(specifiersOf("import type { A } from './a.ts';\nexport { b } from '../b.ts';")).toEqual([
      './a.ts',
      '../b.ts',
    ]);
  });

  it('domain/ imports only domain/, and no SDK, middy, CDK, file system or clock', () => {
    const outside = [...GRAPH]
      .filter(([file]) => file.startsWith('domain/'))
      .flatMap(([file, { specifiers }]) =>
        specifiers
          .filter((s) => {
            const target = resolveSpecifier(file, s);
            return target ? !target.startsWith('domain/') : !/^(zod)$/.test(s);
          })
          .map((s) => `${file} → ${s}`),
      );
    expect(outside).toEqual([]);
    const impure = FILES.filter((f) => f.startsWith('domain/')).filter((f) =>
      /process\.env|Date\.now\(|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(impure).toEqual([]);
  });

  it('functions/store/ imports nothing from the HTTP layer (functions/http, functions/pipeline, functions/access)', () => {
    expect(
      importersOf((t) => /^functions\/(http|pipeline|access)\//.test(t)).filter((e) =>
        e.startsWith('functions/store/'),
      ),
    ).toEqual([]);
  });

  it('route implementations build no key and no transaction: functions/http/ and functions/access/ call repositories', () => {
    const builders = ['functions/store/db.ts', 'functions/store/keys.ts'];
    expect(
      importersOf((t) => builders.includes(t)).filter((e) => /^functions\/(http|access)\//.test(e)),
    ).toEqual([]);
    const audits = FILES.filter((f) => /^functions\/(http|access)\//.test(f)).filter((f) =>
      /\bauditPut\b/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(audits).toEqual([]);
  });

  it('the pipeline and the access rules import no Lambda entry file, and no entry file imports another', () => {
    expect(importersOf((t) => t.startsWith('functions/http/'))).toEqual([]);
  });

  it("a group's function imports its own routes only (functions/routes/<group>.ts), never the whole table", () => {
    // The whole table brings every group's route definitions into a bundle (SPEC §10: 400 KB per function);
    // only the OpenAPI document, which the meta group serves, needs it.
    const stray = [...GRAPH].flatMap(([file, { local }]) => {
      const group = /^functions\/http\/([\w-]+)\.ts$/.exec(file)?.[1];
      if (!group) return [];
      return local
        .filter(
          (t) =>
            t === 'functions/routes.ts' ||
            (/^functions\/routes\/(?!roles\.ts$)/.test(t) && t !== `functions/routes/${group}.ts`),
        )
        .map((t) => `${file} → ${t}`);
    });
    expect(stray).toEqual([]);
    expect(GRAPH.get('functions/http/dossiers.ts')?.local).toContain('functions/routes/dossiers.ts');
    expect(importersOf((t) => t === 'functions/routes.ts')).toEqual([
      'functions/openapi.ts → functions/routes.ts',
    ]);
  });

  it('no module reaches itself through its imports (no import cycle)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of GRAPH.get(file)?.local ?? []) if (GRAPH.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of GRAPH.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
