// `airlock audit verify` and `airlock audit export --since DATE`.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { verifyChain } from '../../governance/audit/chain.ts';
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
    .description('check every link of the hash chain; exit 1 and name the first broken row')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const result = await withAirlock(async (a) => verifyChain(pages(a.store), await a.store.audit.head()));
      print(!!o.json, result, () =>
        result.ok
          ? `audit trail intact: ${result.events} events, head ${result.headHash.slice(0, 16)}…`
          : `AUDIT TRAIL BROKEN at row ${result.seq}: ${result.problem} (${result.events} rows verified before it)`,
      );
      if (!result.ok) process.exitCode = 1;
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
