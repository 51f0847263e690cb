// The group committer's one statement per batch, written as SQL text with numbered parameters instead of
// through drizzle's query builder. The statement is built for every batch (its rows vary), and drizzle's
// generic builder walks every value as an object of its own (`is()` checks, a Param per value): at 16
// clients that was about a sixth of the server's busy time. Values still go through each column's own
// `mapToDriverValue` (JSON for jsonb, ISO strings for timestamps), so what reaches the database is what
// drizzle would have sent; the column list comes from the drizzle table, so the schema stays the one source.
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.ts';

interface ColumnInfo {
  key: string;
  column: PgColumn;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const tables = new WeakMap<PgTable, { name: string; columns: ColumnInfo[]; list: string }>();

function tableInfo(table: PgTable) {
  let info = tables.get(table);
  if (!info) {
    const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      column: column as PgColumn,
    }));
    info = {
      name: quote(getTableName(table)),
      columns,
      list: columns.map((c) => quote(c.column.name)).join(', '),
    };
    tables.set(table, info);
  }
  return info;
}

/** One statement being written: text parts and their parameters, numbered in order. */
export class Statement {
  readonly params: unknown[] = [];

  /** A placeholder for `value`, as is (the caller maps it to what the driver takes). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * `insert into <table> (<every column>) values (…), (…)<suffix>`. A value left undefined takes the
   * column's default, as with drizzle (no column of ours has a default function).
   */
  insert(table: PgTable, rows: ReadonlyArray<Record<string, unknown>>, suffix = ''): string {
    const { name, columns, list } = tableInfo(table);
    const values: string[] = [];
    for (const row of rows) {
      let tuple = '(';
      for (let i = 0; i < columns.length; i++) {
        const { key, column } = columns[i]!;
        const v = row[key];
        if (i > 0) tuple += ', ';
        tuple += v === undefined ? 'default' : this.param(v === null ? null : column.mapToDriverValue(v));
      }
      values.push(`${tuple})`);
    }
    return `insert into ${name} (${list}) values ${values.join(', ')}${suffix}`;
  }

  /** Embeds a query drizzle rendered (`toSQL()`), renumbering its parameters after ours. */
  embed(query: { sql: string; params: unknown[] }): string {
    const offset = this.params.length;
    this.params.push(...query.params);
    return offset === 0
      ? query.sql
      : query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  }
}

interface RawClient {
  query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * The connection (pool, pooled client in a transaction, PGlite or its transaction) under a drizzle
 * database or transaction: every drizzle session of ours keeps it as `session.client`, and both drivers
 * answer `query(text, params)`. Falls back to drizzle's `execute` when that is not there.
 */
export function runRaw(db: Db, text: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  const client = (db as unknown as { session?: { client?: RawClient } }).session?.client;
  if (client && typeof client.query === 'function') return client.query(text, params).then((r) => r.rows);
  return db
    .execute(rawSql(text, params))
    .then((r) => (r as unknown as { rows: Array<Record<string, unknown>> }).rows);
}

// Only for the fallback: drizzle's template with each parameter as a value chunk.
function rawSql(text: string, params: unknown[]): SQL {
  const pieces = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(pieces[i]!));
    else chunks.push(sql`${params[Number(pieces[i]) - 1]}`);
  }
  return sql.join(chunks);
}
