// Opens the database: PostgreSQL through a `pg` pool when a URL is given, else embedded PGlite in a
// data directory (or in memory for tests). Migrations from migrations/ are applied by `migrate()`.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { packagePath } from '../package-root.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_DIR = packagePath('migrations');

export interface DbTarget {
  /** postgres://… or undefined for PGlite. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
}

export interface OpenDb {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Raw SQL for health checks and admin tooling. */
  rawQuery(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export async function openDb(target: DbTarget): Promise<OpenDb> {
  if (target.url) {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // A connection that dies (database restarted or dropped) must never crash the process. Idle clients
    // report on the pool; a checked-out client between statements emits on itself, so every client gets
    // a listener too. The failure then surfaces as the next query's rejection (store_unavailable).
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      migrate: async () => {
        // Several workers may start at once: serialize migrations with an advisory lock.
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock(4480)');
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('select pg_advisory_unlock(4480)').catch(() => {});
          client.release();
        }
      },
      // A client stuck on a dead connection must not hang shutdown.
      close: () =>
        Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]),
      rawQuery: async (sql, params) => (await pool.query(sql, params)).rows,
    };
  }
  const dataDir = target.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
    rawQuery: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
  };
}
