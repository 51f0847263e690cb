// Digest benchmark: the digest over 1,000,000 actions on PostgreSQL (target ≤ 2 s). A throwaway
// database is filled with a year of history by SQL (20% held, with reviews and audit events), then the
// digest of the last week is computed through the store, and the plan of each query printed.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { computeDigest, DEFAULT_DIGEST_SETTINGS } from '../src/governance/digest/index.ts';
import { createDigestSource } from '../src/store/digest.ts';
import { openStore } from '../src/store/index.ts';

const BASE_URL =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const ACTIONS = Number(process.env['BENCH_DIGEST_ACTIONS'] ?? 1_000_000);

const SEED = [
  `insert into agents (id, name, token_hash, created_at)
     select 'agt_' || i, 'agent-' || i, 'tok_' || i, now() - interval '400 days' from generate_series(1, 20) i`,
  `insert into reviewers (id, name, token_hash, created_at)
     select 'rvw_' || i, 'reviewer-' || i, 'tok_r' || i, now() - interval '400 days' from generate_series(1, 10) i`,
  `insert into requests (id, agent_id, text, requester_id, platform, origin_channel, provenance, created_at)
     select 'req_' || i, 'agt_' || (1 + i % 20),
            (array['please analyze the flaky tests', 'summarize this thread', 'reply to Dana about the outage',
                    'check the deploy logs', 'post the release notes in #eng'])[1 + i % 5],
            'U' || (i % 300), 'local', 'C' || (i % 50), 'platform', now() - interval '366 days'
       from generate_series(1, 5000) i`,
  // A year of actions, inserted in time order as a live system does: 75% published at once, 20% held, 5% blocked; held ones end in every outcome.
  `insert into actions (id, agent_id, request_id, kind, platform, channel, thread, text, content_hash, status,
                        decision, in_scope, risk, reasons, created_at, updated_at, decided_at)
     select 'act_' || i, 'agt_' || (1 + i % 20), 'req_' || (1 + i % 5000),
            (array['post', 'reply', 'dm', 'reply'])[1 + i % 4],
            (array['local', 'slack', 'discord'])[1 + i % 3],
            case when i % 4 = 2 then null else 'C' || (i % 50) end, null, 'text ' || i, md5(i::text),
            case when r < 0.75 then 'published' when r < 0.80 then 'blocked'
                 else (array['published', 'published', 'rejected', 'expired', 'withdrawn', 'held', 'published',
                              'published'])[1 + i % 8] end,
            case when r < 0.75 then 'publish' when r < 0.80 then 'block' else 'hold' end,
            r < 0.75, case when r < 0.75 then 'none' else 'medium' end,
            case when r < 0.75 then '[]'::jsonb
                 else (array['[{"code":"scope.unrequested_kind","category":"scope","message":"m"}]',
                             '[{"code":"secret.aws_key","category":"secret","message":"m"}]',
                             '[{"code":"pii.email","category":"pii","message":"m"},{"code":"scope.report_only","category":"scope","message":"m"}]',
                             '[{"code":"link.shortener","category":"link","message":"m"}]'])[1 + i % 4]::jsonb end,
            t, t, t
       from (select i, random() as r,
                    now() - interval '365 days' + (i::double precision / ${ACTIONS}) * interval '365 days' as t
               from generate_series(1, ${ACTIONS}) i) s`,
  // Decisions of held actions: an approval or rejection (reviews and audit events) minutes later.
  `insert into reviews (id, action_id, reviewer_id, verdict, content_hash, created_at)
     select 'rev_' || a.id, a.id, 'rvw_' || (1 + abs(hashtext(a.id)) % 10),
            case when a.status = 'rejected' then 'reject' when abs(hashtext(a.id)) % 5 = 0 then 'edit' else 'approve' end,
            a.content_hash, a.created_at + (abs(hashtext(a.id)) % 3600) * interval '1 second'
       from actions a where a.decision = 'hold' and a.status in ('published', 'rejected')`,
  `create sequence bench_seq start 1`,
  `insert into audit_events (seq, at, actor, type, action_id, data, prev_hash, hash)
     select nextval('bench_seq'), a.created_at, 'system', t.type, a.id, '{}'::jsonb, '', ''
       from actions a cross join (values ('action.received'), ('action.decided')) t(type)`,
  `insert into audit_events (seq, at, actor, type, action_id, data, prev_hash, hash)
     select nextval('bench_seq'), r.created_at, 'reviewer:' || r.reviewer_id,
            case when r.verdict = 'reject' then 'action.rejected'
                 when abs(hashtext(r.action_id)) % 7 = 0 then 'action.released' else 'action.approved' end,
            r.action_id, jsonb_build_object('redacted', abs(hashtext(r.action_id)) % 11 = 0), '', ''
       from reviews r`,
  `insert into audit_events (seq, at, actor, type, action_id, data, prev_hash, hash)
     select nextval('bench_seq'), r.created_at, 'reviewer:' || r.reviewer_id, 'action.edited', r.action_id, '{}'::jsonb, '', ''
       from reviews r where r.verdict = 'edit'`,
  `insert into audit_events (seq, at, actor, type, action_id, data, prev_hash, hash)
     select nextval('bench_seq'), now() - i * interval '1 day', 'reviewer:rvw_1',
            case when i % 2 = 0 then 'agent.paused' else 'agent.resumed' end, null,
            jsonb_build_object('agentId', 'agt_' || (1 + i % 20), 'reason', 'bench'), '', ''
       from generate_series(1, 60) i`,
  `vacuum analyze`,
];

export async function runDigestBench(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`digest bench skipped: PostgreSQL at ${BASE_URL} is not reachable (${(e as Error).message})`);
    return;
  }
  const dbName = `airlock_bench_digest_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${dbName}`);
  const u = new URL(BASE_URL);
  u.pathname = `/${dbName}`;
  const store = await openStore({ url: u.toString(), poolSize: 2 });
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const t0 = performance.now();
    for (const sql of SEED) await client.query(sql);
    const counts = (
      await client.query(
        `select (select count(*) from actions)::int as actions, (select count(*) from audit_events)::int as events,
                (select count(*) from reviews)::int as reviews`,
      )
    ).rows[0] as Record<string, number>;
    console.log(
      `\nDigest on PostgreSQL: seeded ${counts['actions']} actions, ${counts['reviews']} reviews, ${counts['events']} audit events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const deps = {
      source: store.digest,
      now: () => new Date(),
      settings: { ...DEFAULT_DIGEST_SETTINGS, timeZone: 'Europe/Paris' },
    };
    const times: number[] = [];
    let held = 0;
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const d = await computeDigest(deps, { since: '7d' });
      times.push(performance.now() - s);
      held = d.held;
    }
    const month: number[] = [];
    for (let i = 0; i < 2; i++) {
      const s = performance.now();
      await computeDigest(deps, { since: '30d' });
      month.push(performance.now() - s);
    }
    console.table({
      'digest, last 7 days (cold, then warm)': { ms: times.map((t) => Math.round(t)).join(' / '), held },
      'digest, last 30 days': { ms: month.map((t) => Math.round(t)).join(' / '), held: '' },
    });
    console.log('target: ≤ 2,000 ms over 1,000,000 actions');
    if (process.env['BENCH_DIGEST_PLAN'] !== '0') {
      // The plan of every query the digest runs (EXPLAIN ANALYZE through the same SQL).
      const plans: string[] = [];
      const explain = createDigestSource(async (sql, params) => {
        const r = await client.query(`explain (analyze, buffers, costs off) ${sql}`, params);
        plans.push(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
        return [];
      });
      await computeDigest({ ...deps, source: explain }, { since: '7d' });
      const names = [
        'cells',
        'time to decision',
        'oldest pending',
        'patterns',
        'reviewers',
        'pauses/retractions',
        'daily',
      ];
      for (const [i, p] of plans.entries()) console.log(`\n-- ${names[i] ?? i}\n${p}`);
    }
  } finally {
    await client.end();
    await store.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
