// The domain stays independent of frameworks: governance/ imports only itself, zod, the language
// libraries it is built on, and the Node standard library. Platforms never import the store or each other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const GOVERNANCE_PACKAGES = new Set(['zod', 'natural', 'yaml', 'confusables']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(
    /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
  )) {
    out.push((m[1] ?? m[2])!);
  }
  return out;
}

const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const within = (file: string, spec: string, dir: string) =>
  spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(SRC, dir));

describe('architecture', () => {
  it('governance/ imports only itself, zod, natural, yaml, confusables and node:*', () => {
    const bad: string[] = [];
    for (const f of files(join(SRC, 'governance'))) {
      for (const spec of imports(f)) {
        const ok =
          spec.startsWith('node:') ||
          GOVERNANCE_PACKAGES.has(packageOf(spec)) ||
          within(f, spec, 'governance');
        if (!ok) bad.push(`${relative(SRC, f)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('platforms/ never import store/, the server, or another platform', () => {
    const bad: string[] = [];
    for (const f of files(join(SRC, 'platforms'))) {
      const own = relative(join(SRC, 'platforms'), f).split('/')[0];
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(dirname(f), spec));
        const [top, sub] = target.split('/');
        if (top === 'store' || top === 'server' || top === 'main.ts')
          bad.push(`${relative(SRC, f)} imports ${spec}`);
        if (top === 'platforms' && sub !== 'platform.ts' && sub !== own)
          bad.push(`${relative(SRC, f)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only config.ts reads process.env', () => {
    const bad = files(SRC)
      .filter((f) => !f.endsWith('config.ts') && !f.includes('/cli/'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(bad).toEqual([]);
  });

  it('the checker itself catches a forbidden import', () => {
    const fake = join(SRC, 'governance', 'x.ts');
    expect(imports.call(null, __filename).length).toBeGreaterThan(0);
    expect(within(fake, '../store/index.ts', 'governance')).toBe(false);
    expect(within(fake, './model.ts', 'governance')).toBe(true);
    expect(GOVERNANCE_PACKAGES.has(packageOf('natural/lib/natural/stemmers/porter_stemmer.js'))).toBe(true);
    expect(GOVERNANCE_PACKAGES.has(packageOf('drizzle-orm/pg-core'))).toBe(false);
  });
});
