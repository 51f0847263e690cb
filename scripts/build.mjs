// Compiles the TypeScript under src/ into dist/ so the `airlock` command starts without compiling at run
// time. Run by `npm install` (the `prepare` script) and `npm run build`. Each command's module stays a
// separate chunk (code splitting), so a command loads only what it uses. Packages stay in node_modules.
//
// `--strict` (npm run build, tests) fails on any problem. Without it (npm install) a failed build only
// warns: bin/airlock.mjs then runs the sources through tsx, slower but the same program.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from './sources.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const strict = process.argv.includes('--strict');
// --outdir: build elsewhere (tests); bin/airlock.mjs only ever runs dist/.
const outAt = process.argv.indexOf('--outdir');
const DIST = outAt > 0 && process.argv[outAt + 1] ? process.argv[outAt + 1] : join(ROOT, 'dist');

/** Bundled modules move: only src/package-root.ts may locate files relative to itself. */
function checkModuleRelativePaths() {
  const bad = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('package-root.ts')) {
        if (/import\.meta\.(url|dirname|filename)/.test(readFileSync(p, 'utf8'))) bad.push(relative(ROOT, p));
      }
    }
  };
  walk(SRC);
  if (bad.length)
    throw new Error(
      `${bad.join(', ')}: use packagePath() from src/package-root.ts instead of import.meta (dist/ bundles modules elsewhere)`,
    );
}

async function build() {
  checkModuleRelativePaths();
  const stamp = sourceStamp(SRC);
  const { build: esbuild } = await import('esbuild');
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    entryPoints: { cli: join(SRC, 'cli', 'index.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeFileSync(join(tmp, 'build.json'), `${JSON.stringify({ ...stamp, builtAt: new Date().toISOString() })}\n`);
  // Swap in whole, so a concurrently starting `airlock` sees the old dist or the new one, never half.
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
}

try {
  const t0 = performance.now();
  await build();
  if (strict || process.env.npm_lifecycle_event !== 'prepare')
    process.stdout.write(`built dist/ in ${Math.round(performance.now() - t0)} ms\n`);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (strict) {
    process.stderr.write(`build failed: ${message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `airlock: could not compile to dist/ (${message}); the airlock command will run the TypeScript sources through tsx, which is slower. Run \`npm run build\` to retry.\n`,
  );
}
