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
  /**
   * PGlite in memory only: start from this data-directory dump (`PGlite.dumpDataDir()`, e.g. an already
   * migrated database) instead of running initdb. Tests use one migrated snapshot for every database.
   */
  template?: Blob | undefined;
}

export interface OpenDb {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Raw SQL for health checks and admin tooling. */
  rawQuery(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * PostgreSQL only (other processes may share the database): LISTEN on `channel` over a dedicated
   * connection, reconnecting with backoff. `onReset` runs whenever notifications may have been missed
   * (the connection dropped, or came back), so the caller can drop what it cached. Returns a stop function.
   */
  listen?(channel: string, on: { notify(payload: string): void; reset(): void }): () => Promise<void>;
  /** PGlite only: the data directory as a tar archive (a template for `DbTarget.template`). */
  dumpDataDir?(): Promise<Blob>;
}

/** Backoff between attempts to re-open the LISTEN connection. */
const LISTEN_RETRY_MS = [250, 1_000, 2_000, 5_000, 10_000];

function pgListener(
  url: string,
  channel: string,
  on: { notify(payload: string): void; reset(): void },
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  const retry = () => {
    if (stopped || timer) return;
    const wait = LISTEN_RETRY_MS[Math.min(attempt++, LISTEN_RETRY_MS.length - 1)]!;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
    timer.unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client = c;
    let lost = false;
    const drop = () => {
      if (lost) return;
      lost = true;
      on.reset();
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (client === c) client = null;
      retry();
    };
    c.on('error', drop);
    c.on('end', drop);
    c.on('notification', (n) => {
      if (n.channel === channel) on.notify(n.payload ?? '');
    });
    try {
      await c.connect();
      // Identifiers cannot be parameters; the channel is a constant of this codebase, quoted anyway.
      await c.query(`listen "${channel.replace(/"/g, '""')}"`);
      if (stopped) {
        await c.end().catch(() => {});
        return;
      }
      attempt = 0;
      on.reset(); // anything sent while we were not listening was missed
    } catch {
      drop();
    }
  };
  void connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners('end');
      c.removeAllListeners('error');
      c.on('error', () => {});
      await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref())]);
    }
  };
}

export async function openDb(target: DbTarget): Promise<OpenDb> {
  if (target.url) {
    const url = target.url;
    const pool = new pg.Pool({
      connectionString: url,
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
      listen: (channel, on) => pgListener(url, channel, on),
    };
  }
  const dataDir = target.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client =
    target.template && dataDir.startsWith('memory://')
      ? await PGlite.create({ dataDir, loadDataDir: target.template })
      : await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
    dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
    rawQuery: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
  };
}
