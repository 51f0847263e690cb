// Each test file gets its own database: a fresh PostgreSQL database when DATABASE_URL is set
// (CI runs the suite both ways), else an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDb {
  /** DATABASE_URL for the config, or undefined for PGlite. */
  url: string | undefined;
  dataDir: string;
  kind: 'postgres' | 'pglite';
  /** PGlite: the migrated snapshot test/global-setup.ts made (undefined outside `npm test`: initdb then). */
  template: Blob | undefined;
  drop(): Promise<void>;
}

let template: Blob | undefined;
/** The migrated PGlite dump of this run, read once per test file. */
export function pgliteTemplate(): Blob | undefined {
  if (template) return template;
  let path = '';
  try {
    path = inject('pgliteTemplate') ?? '';
  } catch {
    // not under vitest (scripts/fuzz.ts): start from initdb
  }
  if (path) template = new Blob([readFileSync(path)]);
  return template;
}

export const usingPostgres = () => !!process.env['DATABASE_URL'];

export async function createTestDb(): Promise<TestDb> {
  const base = process.env['DATABASE_URL'];
  if (!base)
    return {
      url: undefined,
      dataDir: 'memory://',
      kind: 'pglite',
      template: pgliteTemplate(),
      drop: async () => {},
    };
  const name = `airlock_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    dataDir: 'memory://',
    kind: 'postgres',
    template: undefined,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
