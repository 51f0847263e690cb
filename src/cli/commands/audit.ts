// `airlock audit verify` and `airlock audit export --since DATE`.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { verifyChain } from '../../governance/audit/chain.ts';
import { verifyPublished } from '../../governance/audit/published.ts';
import type { AuditEvent } from '../../governance/model.ts';
import type { Store } from '../../governance/ports.ts';
import { fail, print, withAirlock } from '../context.ts';

const PAGE = 2_000;

async function* pages(store: Store, afterSeq = 0): AsyncGenerator<AuditEvent[]> {
  let after = afterSeq;
  for (;;) {
    const page = await store.audit.page(after, PAGE);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

export function auditCommand(): Command {
  const cmd = new Command('audit').description('the tamper-evident audit trail');
  cmd
    .command('verify')
    .description(
      'check every link of the hash chain, then that every published action (as stored, and as its platform delivered it) matches the content hash recorded when it was published; exit 1 and name the first broken row or action',
    )
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { chain, published } = await withAirlock(async (a) => {
        const chain = await verifyChain(pages(a.store), await a.store.audit.head());
        if (!chain.ok) return { chain, published: null };
        const published = await verifyPublished(pages(a.store), {
          action: (id) => a.store.actions.get(id),
          delivered: async (action) => {
            const platform = a.platforms.get(action.platform);
            return platform?.deliveredContent ? platform.deliveredContent(action) : undefined;
          },
        });
        return { chain, published };
      });
      const ok = chain.ok && published?.ok === true;
      print(!!o.json, { ...chain, ok, ...(published ? { published } : {}) }, () => {
        if (!chain.ok)
          return `AUDIT TRAIL BROKEN at row ${chain.seq}: ${chain.problem} (${chain.events} rows verified before it)`;
        if (published && !published.ok) return `PUBLISHED CONTENT ALTERED: ${published.problem}`;
        return `audit trail intact: ${chain.events} events, head ${chain.headHash.slice(0, 16)}…; ${published?.published ?? 0} published actions match their recorded content hash (${published?.ok ? published.deliveredChecked : 0} checked against the platform's copy)`;
      });
      if (!ok) process.exitCode = 1;
    });
  cmd
    .command('export')
    .description('write audit events as JSON Lines')
    .option('--since <date>', 'only events at or after this date (ISO 8601)')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (o: { since?: string; output?: string }) => {
      let since: Date | undefined;
      if (o.since !== undefined) {
        since = new Date(o.since);
        if (Number.isNaN(since.getTime()))
          fail(`--since: "${o.since}" is not a date (use e.g. 2026-11-01 or 2026-11-01T12:00:00Z)`, 2);
      }
      await withAirlock(async (a) => {
        const out: Writable = o.output ? createWriteStream(o.output) : process.stdout;
        const first = since ? await a.store.audit.firstSeqSince(since) : 1;
        if (first !== null) {
          for await (const page of pages(a.store, first - 1)) {
            const chunk = page.map((e) => JSON.stringify({ ...e, at: e.at.toISOString() })).join('\n');
            if (!out.write(`${chunk}\n`)) await new Promise((r) => out.once('drain', r));
          }
        }
        if (o.output) await new Promise<void>((r) => out.end(r));
      });
    });
  return cmd;
}
