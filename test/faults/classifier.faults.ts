// The classifier throwing, with real HTTP and a real database, behind agents under load. The classifier
// is the one piece the server lets a caller inject (`createAirlock(config, { classifier })`, the same seam
// the other tests use), so no fault hook exists in production code: this file wraps the shipped
// classifier (scope + detectors + policy/default.yaml) so that it throws on marked actions and on a share
// of the others. Nothing it did not judge may be published: the agent gets a held status naming the
// failure, reviewers decide, and what they approve is published exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultClassifier } from '../../src/classifier.ts';
import { readConfig } from '../../src/config.ts';
import type { Classifier } from '../../src/governance/ports.ts';
import { type Airlock, createAirlock } from '../../src/main.ts';
import { serverMounts } from '../../src/mounts.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.ts';
import {
  auditVerify,
  call,
  freshDatabase,
  type Identities,
  reportLine,
  seedIdentities,
  serverEnv,
  submitOne,
  until,
} from './harness.ts';

let slack: FakeSlack;
let airlock: Airlock;
let url: string;
let ids: Identities;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let thrown = 0;

/** The shipped classifier, except that it throws on "[explode]" and on every third other call. */
function explodingClassifier(): Classifier {
  const real = createDefaultClassifier();
  let calls = 0;
  return {
    name: 'faults.exploding',
    classify: (input) => {
      calls++;
      if (input.action.text.includes('[explode]') || calls % 3 === 0) {
        thrown++;
        throw new Error(`injected classifier failure #${thrown}`);
      }
      return real.classify(input);
    },
  };
}

beforeAll(async () => {
  slack = await startFakeSlack();
  db = await freshDatabase();
  // A long publishing claim: ninety requests at once queue behind each other on a few Slack channels.
  const env = serverEnv({ database: db, slack, leaseMs: 30_000 });
  ids = await seedIdentities(env, 1);
  const config = readConfig(
    { ...env, PORT: '0', LOG_LEVEL: process.env['FAULTS_LOG_LEVEL'] ?? 'silent' },
    '/nonexistent-config-dir',
  );
  airlock = await createAirlock(config, { classifier: explodingClassifier(), mounts: serverMounts(config) });
  url = await airlock.listen();
});

afterAll(async () => {
  await airlock?.close();
  if (db) {
    const audit = await auditVerify(db);
    expect(audit.code, audit.out).toBe(0);
    await db.drop();
  }
  await slack?.close();
});

describe('classifier throwing (in-process server, real HTTP and database)', () => {
  it('under load: nothing the classifier failed on is published; agents get held with the reason', async () => {
    const n = 90;
    const results = await Promise.all(
      Array.from({ length: n }, (_, k) =>
        submitOne(url, ids, `The 14:00 deploy finished (${k}${k % 5 === 0 ? ' [explode]' : ''}).`, {
          i: k % 3,
        }),
      ),
    );
    let held = 0;
    let published = 0;
    let late = 0;
    for (const r of results) {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const failed = r.body.reasons.some((x: { code: string }) => x.code === 'policy.classifier_error');
      if (failed) {
        held++;
        expect(r.body.status).toBe('held');
        expect(r.body.rule).toBe('policy.classifier_error');
        expect(r.body.reasons[0].message).toMatch(/classifier failed .*injected classifier failure/);
        expect(slack.postsFor(r.body.id)).toHaveLength(0);
      } else {
        published++;
        // Everything here is in scope: what the classifier judged is published, once (by the worker when
        // this busy request outlived its publishing claim).
        expect(r.body.decision).toBe('publish');
        if (r.body.status !== 'published') {
          late++;
          const v = await until(
            () => call(url, 'GET', `/v1/actions/${r.body.id}`, ids.reviewerTokens[0]!),
            (x) => x.body.status === 'published',
            20_000,
          );
          expect(v.body.status).toBe('published');
        }
        expect(slack.postsFor(r.body.id)).toHaveLength(1);
      }
    }
    // Every marked one, and about a third of the rest, failed.
    expect(held).toBeGreaterThanOrEqual(n / 5 + 10);
    expect(published).toBeGreaterThan(n / 3);
    reportLine('classifier-throws', { submitted: n, held, published, publishedByWorker: late, thrown });
  });

  it('a reviewer approves some, rejects others; only the approved are published, once', async () => {
    const list = await call(url, 'GET', '/v1/actions?status=held&limit=500', ids.reviewerTokens[0]!);
    const held = list.body.actions.filter((a: { rule: string }) => a.rule === 'policy.classifier_error');
    expect(held.length).toBeGreaterThan(10);
    const approve = held.filter((_: unknown, k: number) => k % 2 === 0);
    const reject = held.filter((_: unknown, k: number) => k % 2 === 1);
    await Promise.all([
      ...approve.map((a: { id: string; content_hash: string }) =>
        call(url, 'POST', `/v1/actions/${a.id}/approve`, ids.reviewerTokens[0]!, {
          content_hash: a.content_hash,
        }),
      ),
      ...reject.map((a: { id: string }) =>
        call(url, 'POST', `/v1/actions/${a.id}/reject`, ids.reviewerTokens[1]!, { reason: 'no' }),
      ),
    ]);
    for (const a of approve) {
      const v = await until(
        () => call(url, 'GET', `/v1/actions/${a.id}`, ids.reviewerTokens[0]!),
        (r) => r.body.status === 'published',
        20_000,
      );
      expect(v.body.status).toBe('published');
      expect(slack.postsFor(a.id)).toHaveLength(1);
    }
    for (const a of reject) {
      expect((await call(url, 'GET', `/v1/actions/${a.id}`, ids.reviewerTokens[0]!)).body.status).toBe(
        'rejected',
      );
      expect(slack.postsFor(a.id)).toHaveLength(0);
    }
  });

  it('an edit the classifier fails on stays a reviewer decision: published only as approved, once', async () => {
    const r = await submitOne(url, ids, 'Deploy notes [explode]', { held: true });
    expect(r.body.status).toBe('held');
    const edited = await call(url, 'POST', `/v1/actions/${r.body.id}/approve`, ids.reviewerTokens[0]!, {
      content_hash: r.body.content_hash,
      text: 'Deploy notes, edited by the reviewer [explode]',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const v = await until(
      () => call(url, 'GET', `/v1/actions/${r.body.id}`, ids.reviewerTokens[0]!),
      (x) => x.body.status === 'published',
      20_000,
    );
    expect(v.body.status).toBe('published');
    const posts = slack.postsFor(r.body.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain('edited by the reviewer');
  });

  it('in the end: every Slack post belongs to an action the classifier judged or a reviewer approved', async () => {
    const all = (await call(url, 'GET', '/v1/actions?limit=1000', ids.reviewerTokens[0]!)).body.actions;
    for (const a of all) {
      const posts = slack.postCounts().get(a.id) ?? 0;
      if (a.rule === 'policy.classifier_error' && a.status !== 'published') expect(posts).toBe(0);
      if (a.status === 'published') expect(posts).toBe(1);
      else expect(posts).toBe(0);
    }
  });
});
