// What dist/ was built from: the number of files under src/ and the newest modification time. The build
// records it in dist/build.json; bin/airlock.mjs runs dist/ only while src/ still matches it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ count: number, newest: number }} */
export function sourceStamp(dir) {
  let count = 0;
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        count++;
        const m = statSync(p).mtimeMs;
        if (m > newest) newest = m;
      }
    }
  };
  walk(dir);
  return { count, newest };
}
