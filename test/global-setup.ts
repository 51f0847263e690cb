// Once per `npm test` on PGlite: one migrated embedded database, dumped to a temporary file that every test
// database starts from (test/helpers/db.ts), instead of each running initdb and the migrations again.
// On PostgreSQL (DATABASE_URL) there is nothing to prepare.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/store/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a migrated PGlite data-directory dump, or '' on PostgreSQL. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env['DATABASE_URL']) {
    project.provide('pgliteTemplate', '');
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'airlock-pglite-template-'));
  const open = await openDb({ dataDir: 'memory://' });
  await open.migrate();
  const dump = await open.dumpDataDir!();
  await open.close();
  const path = join(dir, 'migrated.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
