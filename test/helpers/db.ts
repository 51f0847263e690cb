// Each test file gets its own database: a fresh PostgreSQL database when DATABASE_URL is set
// (CI runs the suite both ways), else an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDb {
  /** DATABASE_URL for the config, or undefined for PGlite. */
  url: string | undefined;
  dataDir: string;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export const usingPostgres = () => !!process.env['DATABASE_URL'];

export async function createTestDb(): Promise<TestDb> {
  const base = process.env['DATABASE_URL'];
  if (!base) return { url: undefined, dataDir: 'memory://', kind: 'pglite', drop: async () => {} };
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
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
