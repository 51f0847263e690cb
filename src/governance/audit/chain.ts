// The audit hash chain: hash(n) = SHA-256(hash(n-1) || canonical JSON of event n without its hashes).
// Editing, deleting or reordering any row breaks every link after it; verify names the first one.
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../model.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    type: event.type,
    actionId: event.actionId,
    data: event.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type VerifyResult =
  | { ok: true; events: number; headHash: string }
  | { ok: false; events: number; seq: number; problem: string };

/** Walks the chain in seq order. `pages` yields events in ascending seq, in pages. */
export async function verifyChain(
  pages: AsyncIterable<AuditEvent[]>,
  head?: { seq: number; hash: string },
): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const page of pages) {
    for (const e of page) {
      if (e.seq !== expectedSeq) {
        const problem =
          e.seq > expectedSeq
            ? `row ${expectedSeq} is missing (next row is ${e.seq})`
            : `row ${e.seq} is out of order`;
        return { ok: false, events: count, seq: expectedSeq, problem };
      }
      if (e.prevHash !== prevHash) {
        return {
          ok: false,
          events: count,
          seq: e.seq,
          problem: `row ${e.seq} does not link to row ${e.seq - 1}`,
        };
      }
      if (hashEvent(prevHash, e) !== e.hash) {
        return {
          ok: false,
          events: count,
          seq: e.seq,
          problem: `row ${e.seq} was altered (its hash does not match its content)`,
        };
      }
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
  }
  if (head && head.seq !== count) {
    return {
      ok: false,
      events: count,
      seq: count + 1,
      problem: `the chain ends at row ${count} but the recorded head is row ${head.seq}: rows at the end were deleted`,
    };
  }
  if (head && head.hash !== prevHash) {
    return {
      ok: false,
      events: count,
      seq: count,
      problem: `row ${count} does not match the recorded head hash: rows were rewritten and relinked`,
    };
  }
  return { ok: true, events: count, headHash: prevHash };
}
