#!/usr/bin/env node
// The `airlock` command. Runs the compiled dist/ (built by `npm install` or `npm run build`) while it
// matches src/; otherwise the TypeScript sources through tsx, so an edit is never run stale.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from '../scripts/sources.mjs';

function distIsCurrent() {
  if (process.env.AIRLOCK_FROM_SOURCE === '1') return false;
  try {
    const built = JSON.parse(readFileSync(new URL('../dist/build.json', import.meta.url), 'utf8'));
    const now = sourceStamp(fileURLToPath(new URL('../src', import.meta.url)));
    return built.count === now.count && built.newest === now.newest;
  } catch {
    return false;
  }
}

if (distIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
