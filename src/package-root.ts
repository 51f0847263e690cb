// Files that ship beside the code (policy/, migrations/, package.json) are found from the package root,
// never by a fixed number of `..` from the current module: the same module runs from src/ (tsx) and
// bundled into dist/ (see scripts/build.mjs), at different depths. The build refuses other uses of
// import.meta.url in src/, so add a file here rather than resolving it beside a module.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`cannot find the Airlock package root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The directory holding package.json, policy/ and migrations/. */
export const PACKAGE_ROOT = findRoot();

export const packagePath = (...parts: string[]) => join(PACKAGE_ROOT, ...parts);
