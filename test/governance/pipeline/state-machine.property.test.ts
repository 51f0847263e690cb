// Model-based property test of the action state machine against a real Airlock (createAirlock, real store,
// real pipeline; PGlite in memory, or a fresh PostgreSQL database when DATABASE_URL is set).
//
// fast-check drives random command sequences: submissions decided by marker (publish / hold / hold2 / block /
// classifier throw), approvals with and without edits by reviewers of different groups, rejections,
// withdrawals, platform outages, clock advances with worker ticks (retries and expiry), pausing and
// resuming the agent (the kill switch), and the illegal versions of all of them. A small model predicts every outcome (status, attempts, backoff, text, error code);
// after every sequence the run is drained and checked against invariants that do not depend on the model:
//   - nothing reaches the platform without a `publish` decision on exactly the submitted content, or enough
//     distinct approvals of exactly the content that was delivered;
//   - the platform acknowledges each action at most once, sees it exactly `attempts` times, and each
//     published action has exactly one `action.published` event;
//   - `failed` only after the attempt limit, with its `action.failed` event; nothing is left undecided;
//   - the audit chain verifies against its head, and every status change in it follows TRANSITIONS;
//   - nothing reaches the platform while the agent is paused: submissions are held, approvals refused,
//     and a retry that comes due goes back to the reviewers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../../src/governance/audit/chain.ts';
import { isAirlockError } from '../../../src/governance/errors.ts';
import {
  ACTION_STATUSES,
  type Action,
  type ActionStatus,
  type Agent,
  type AuditEvent,
} from '../../../src/governance/model.ts';
import { canTransition } from '../../../src/governance/pipeline/index.ts';
import { contentHashOf } from '../../../src/governance/pipeline/deps.ts';
import { type PipelineHarness, postBody, startPipeline, verifyStoreChain } from '../../helpers/pipeline.ts';

const NUM_RUNS = Number(process.env['FC_NUM_RUNS'] ?? 40);
const MAX_EXTRA_RUNS = 160;
const MAX_COMMANDS = 25;
const SEED = process.env['FC_SEED'] === undefined ? undefined : Number(process.env['FC_SEED']);

let h: PipelineHarness;
let runNo = 0;
/** What the runs exercised, so the property cannot pass vacuously. */
const seen = new Map<string, number>();
const saw = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);

beforeAll(async () => {
  h = await startPipeline({ maxAttempts: 3, backoffMs: 1_000 });
});
afterAll(() => h?.close());

// ---- the model -------------------------------------------------------------------------------

type Marker = 'publish' | 'hold' | 'hold2' | 'block' | 'throw';
type ReviewerKey = 'rita' | 'sol' | 'sec2';
const GROUPS: Record<ReviewerKey, string[]> = {
  rita: ['default'],
  sol: ['default', 'security'],
  sec2: ['security'],
};

interface ModelAction {
  id: string;
  status: ActionStatus;
  text: string;
  contentHash: string;
  needed: number;
  group: string;
  /** contentHash → reviewers who approved exactly that content. */
  approvals: Map<string, Set<ReviewerKey>>;
  attempts: number;
  nextAttemptAt: number | null;
}

interface Model {
  actions: ModelAction[];
  failing: boolean;
  counter: number;
  /** The agent is paused; `callsAtPause` is how many platform calls there were when it was. */
  paused: boolean;
  callsAtPause: number;
}

interface Real {
  agent: Agent;
}

const hashOf = (text: string) =>
  contentHashOf({
    kind: 'post',
    platform: 'flaky',
    channel: 'general',
    thread: null,
    recipient: null,
    text,
    change: null,
  });

const backoff = (attempts: number) =>
  Math.min(h.settings.maxBackoffMs, h.settings.backoffMs * 2 ** Math.max(0, attempts - 1));

/** One publish attempt as the pipeline makes it, at the clock's current time. */
function attemptPublish(m: Model, a: ModelAction): void {
  a.attempts++;
  if (!m.failing) {
    a.status = 'published';
    a.nextAttemptAt = null;
  } else if (a.attempts >= h.settings.maxAttempts) {
    a.status = 'failed';
    a.nextAttemptAt = null;
  } else {
    a.status = 'publishing';
    a.nextAttemptAt = h.clock.ms + backoff(a.attempts);
  }
}

/** A worker pass: retry due publishes in due order, then expire overdue holds. */
function modelTick(m: Model, expiresAt: Map<string, number>): void {
  const now = h.clock.ms;
  const due = m.actions
    .filter((a) => a.status === 'publishing' && a.nextAttemptAt !== null && a.nextAttemptAt <= now)
    .sort((x, y) => (x.nextAttemptAt ?? 0) - (y.nextAttemptAt ?? 0));
  for (const a of due) {
    if (m.paused) {
      // The claim sees the pause and hands the action back to the reviewers, with a fresh expiry.
      a.status = 'held';
      a.nextAttemptAt = null;
      expiresAt.set(a.id, now + h.settings.holdTtlMs);
      saw('a due retry went back to review (paused)');
    } else attemptPublish(m, a);
  }
  for (const a of m.actions) {
    if (a.status === 'held' && (expiresAt.get(a.id) ?? Number.POSITIVE_INFINITY) <= now) a.status = 'expired';
  }
}

// Expiry times are fixed at submission; kept beside the model so commands can see them.
const expiries = new Map<string, number>();

/** Two picks in three go to a held action (if any), the rest to any action: both legal and illegal moves. */
function choose(m: Model, pick: number): ModelAction {
  const held = m.actions.filter((a) => a.status === 'held');
  return pick % 3 !== 0 && held.length > 0 ? held[pick % held.length]! : m.actions[pick % m.actions.length]!;
}

/** For approvals, one pick in three goes to a held action that already has an approval (a second opinion). */
function chooseForApproval(m: Model, pick: number): ModelAction {
  const started = m.actions.filter(
    (a) => a.status === 'held' && [...a.approvals.values()].some((set) => set.size > 0),
  );
  return pick % 3 === 1 && started.length > 0 ? started[pick % started.length]! : choose(m, pick);
}

/** A reviewer allowed to review `a` who has not approved it yet (a second opinion), else sol. */
function freshReviewer(a: ModelAction): ReviewerKey {
  const approved = new Set([...a.approvals.values()].flatMap((set) => [...set]));
  return (['sol', 'sec2', 'rita'] as const).find((r) => mayReview(r, a) && !approved.has(r)) ?? 'sol';
}

const mayReview = (r: ReviewerKey, a: ModelAction) =>
  a.group === 'default' || GROUPS[r].includes(a.group) || GROUPS[r].includes('admin');

// ---- checking the real system against the model ------------------------------------------------

async function actionsOf(agent: Agent): Promise<Map<string, Action>> {
  return new Map((await h.store.actions.list({ agentId: agent.id, limit: 1000 })).map((a) => [a.id, a]));
}

async function assertMatches(m: Model, r: Real, after: string): Promise<void> {
  const real = await actionsOf(r.agent);
  expect(real.size, `${after}: number of actions`).toBe(m.actions.length);
  for (const a of m.actions) {
    const got = real.get(a.id);
    expect(got, `${after}: ${a.id} exists`).toBeDefined();
    if (!got) continue;
    expect(
      {
        status: got.status,
        text: got.text,
        contentHash: got.contentHash,
        attempts: got.attempts,
        nextAttemptAt: got.nextAttemptAt?.getTime() ?? null,
      },
      `${after}: ${a.id}`,
    ).toEqual({
      status: a.status,
      text: a.text,
      contentHash: a.contentHash,
      attempts: a.attempts,
      nextAttemptAt: a.nextAttemptAt,
    });
  }
}

/** Runs an operation the model says must fail with `code`, and checks that it changed nothing. */
async function expectRefused(r: Real, code: string, op: () => Promise<unknown>, what: string): Promise<void> {
  const headBefore = await h.store.audit.head();
  const before = await actionsOf(r.agent);
  let error: unknown = null;
  try {
    await op();
  } catch (e) {
    error = e;
  }
  expect(error, `${what} must fail`).not.toBeNull();
  saw(`refused ${code}`);
  expect(isAirlockError(error) ? error.code : String(error), what).toBe(code);
  expect(await h.store.audit.head(), `${what}: no audit event`).toEqual(headBefore);
  expect(await actionsOf(r.agent), `${what}: no state change`).toEqual(before);
}

// ---- commands ----------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, Real>;

const MARKER_TEXT: Record<Marker, string> = {
  publish: '',
  hold: '[hold] ',
  hold2: '[hold2] ',
  block: '[block] ',
  throw: '[throw] ',
};

class Submit implements Cmd {
  constructor(readonly marker: Marker) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const text = `${MARKER_TEXT[this.marker]}note ${++m.counter}`;
    const { view } = await h.gov.agents.submit(r.agent, postBody(text));
    const a: ModelAction = {
      id: view.id,
      status: 'received',
      text,
      contentHash: hashOf(text),
      needed: this.marker === 'hold2' ? 2 : 1,
      group: this.marker === 'hold2' ? 'security' : 'default',
      approvals: new Map(),
      attempts: 0,
      nextAttemptAt: null,
    };
    m.actions.push(a);
    if (this.marker === 'publish' && !m.paused) attemptPublish(m, a);
    else if (this.marker === 'block') a.status = 'blocked';
    else {
      a.status = 'held';
      expiries.set(a.id, h.clock.ms + h.settings.holdTtlMs);
    }
    expect(view.status, this.toString()).toBe(a.status);
    if (this.marker === 'throw')
      expect(view.reasons.map((x) => x.code)).toEqual(
        m.paused ? ['policy.classifier_error', 'policy.agent_paused'] : ['policy.classifier_error'],
      );
    if (m.paused && this.marker === 'publish') saw('held because paused');
    await assertMatches(m, r, this.toString());
  }
  toString = () => `submit(${this.marker})`;
}

class Approve implements Cmd {
  constructor(
    readonly pick: number,
    readonly who: ReviewerKey | 'fresh',
    readonly edit: null | 'same' | 'A' | 'B',
  ) {}
  check = (m: Readonly<Model>) => m.actions.length > 0;
  async run(m: Model, r: Real) {
    const a = chooseForApproval(m, this.pick);
    const reviewerKey = this.who === 'fresh' ? freshReviewer(a) : this.who;
    const editedText = this.edit === null ? undefined : this.edit === 'same' ? a.text : `edited ${this.edit}`;
    const op = () =>
      h.gov.reviews.approve(
        h.reviewers[reviewerKey],
        a.id,
        editedText === undefined
          ? { contentHash: a.contentHash }
          : { contentHash: a.contentHash, editedText },
      );
    const what = `${this.toString()} by ${reviewerKey} on ${a.status} ${a.id}`;
    if (m.paused) return expectRefused(r, 'agent_paused', op, what);
    if (a.status !== 'held') return expectRefused(r, 'illegal_transition', op, what);
    if (!mayReview(reviewerKey, a)) return expectRefused(r, 'forbidden', op, what);
    const view = await op();
    // Another reviewer's approval of the old content no longer counts once the content changes.
    const othersApproved = [...a.approvals.values()].some((set) => [...set].some((x) => x !== reviewerKey));
    if (editedText !== undefined && editedText !== a.text) {
      a.text = editedText;
      a.contentHash = hashOf(editedText);
      if (othersApproved) saw("an edit reset another reviewer's approval");
    }
    const approvers = a.approvals.get(a.contentHash) ?? new Set<ReviewerKey>();
    approvers.add(reviewerKey);
    a.approvals.set(a.contentHash, approvers);
    if (approvers.size >= a.needed) attemptPublish(m, a);
    if (editedText !== undefined) saw('approve with edit');
    if (a.status === 'held') saw('held until a second approval');
    expect(view.status, what).toBe(a.status);
    expect(view.text, what).toBe(a.text);
    await assertMatches(m, r, what);
  }
  toString = () => `approve(#${this.pick}, ${this.who}${this.edit === null ? '' : `, edit ${this.edit}`})`;
}

class Reject implements Cmd {
  constructor(
    readonly pick: number,
    readonly reviewer: ReviewerKey,
  ) {}
  check = (m: Readonly<Model>) => m.actions.length > 0;
  async run(m: Model, r: Real) {
    const a = choose(m, this.pick);
    const op = () => h.gov.reviews.reject(h.reviewers[this.reviewer], a.id, { reason: 'no' });
    const what = `${this.toString()} on ${a.status} ${a.id}`;
    if (!mayReview(this.reviewer, a)) return expectRefused(r, 'forbidden', op, what);
    if (a.status !== 'held') return expectRefused(r, 'illegal_transition', op, what);
    const view = await op();
    a.status = 'rejected';
    expect(view.status, what).toBe('rejected');
    await assertMatches(m, r, what);
  }
  toString = () => `reject(#${this.pick}, ${this.reviewer})`;
}

class Withdraw implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.actions.length > 0;
  async run(m: Model, r: Real) {
    const a = choose(m, this.pick);
    const op = () => h.gov.agents.withdraw(r.agent, a.id);
    const what = `${this.toString()} on ${a.status} ${a.id}`;
    if (a.status !== 'held') return expectRefused(r, 'illegal_transition', op, what);
    const view = await op();
    a.status = 'withdrawn';
    expect(view.status, what).toBe('withdrawn');
    await assertMatches(m, r, what);
  }
  toString = () => `withdraw(#${this.pick})`;
}

class SetFailing implements Cmd {
  constructor(readonly failing: boolean) {}
  check = () => true;
  async run(m: Model) {
    m.failing = this.failing;
    h.platform.failing = this.failing;
  }
  toString = () => (this.failing ? 'platform down' : 'platform up');
}

/** The kill switch: an admin pauses or resumes the agent. */
class Pause implements Cmd {
  constructor(readonly paused: boolean) {}
  check = (m: Readonly<Model>) => m.paused !== this.paused;
  async run(m: Model, r: Real) {
    if (this.paused) {
      await h.gov.admin.pauseAgent(r.agent.id, 'property test', 'system');
      m.callsAtPause = h.platform.calls.length;
    } else {
      expect(h.platform.calls.length, 'no platform call while the agent was paused').toBe(m.callsAtPause);
      await h.gov.admin.resumeAgent(r.agent.id, 'system');
    }
    m.paused = this.paused;
    await assertMatches(m, r, this.toString());
  }
  toString = () => (this.paused ? 'pause agent' : 'resume agent');
}

/** Moves the clock (a little, or past the hold TTL) and runs a worker pass, `passes` times. */
class Tick implements Cmd {
  constructor(
    readonly advanceMs: number | 'past-ttl',
    readonly passes = 1,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    for (let i = 0; i < this.passes; i++) {
      h.clock.advance(this.advanceMs === 'past-ttl' ? h.settings.holdTtlMs + 1 : this.advanceMs);
      await h.gov.worker.tick();
      modelTick(m, expiries);
      await assertMatches(m, r, `${this.toString()} pass ${i + 1}`);
    }
  }
  toString = () =>
    `${this.advanceMs === 'past-ttl' ? 'expire: clock past TTL, tick' : `tick(+${this.advanceMs}ms)`}${this.passes > 1 ? ` ×${this.passes}` : ''}`;
}

const pick = fc.nat({ max: 24 });
const reviewer = fc.constantFrom<ReviewerKey>('rita', 'sol', 'sol', 'sec2', 'sec2');
const submitAny = fc
  .constantFrom<Marker>('publish', 'publish', 'hold', 'hold', 'hold2', 'block', 'throw')
  .map((k) => new Submit(k));
/** Who approves: a named reviewer, or `fresh`, someone who has not approved that action yet. */
const approver = fc.constantFrom<ReviewerKey | 'fresh'>('rita', 'sol', 'sec2', 'fresh', 'fresh');
const approveEditing = fc
  .tuple(pick, approver, fc.constantFrom('same' as const, 'A' as const, 'B' as const))
  .map(([p, rv, e]) => new Approve(p, rv, e));
const approvePlain = fc.tuple(pick, approver).map(([p, rv]) => new Approve(p, rv, null));
/** Entries repeat to weight them: fc.commands picks among the entries uniformly. */
const commands = fc.commands(
  [
    submitAny,
    submitAny,
    fc.constant(new Submit('hold2')),
    approveEditing,
    approveEditing,
    approvePlain,
    approvePlain,
    fc.tuple(pick, reviewer).map(([p, rv]) => new Reject(p, rv)),
    pick.map((p) => new Withdraw(p)),
    fc.constantFrom(true, true, false).map((b) => new SetFailing(b)),
    fc.constantFrom(true, false).map((b) => new SetFailing(b)),
    fc.constantFrom(0, 999, 1_000, 2_000, 4_000, 10_000, 61_000).map((ms) => new Tick(ms)),
    fc
      .tuple(fc.constantFrom(1_000, 2_000, 4_000, 61_000), fc.constantFrom(1, 3))
      .map(([ms, n]) => new Tick(ms, n)),
    fc.constant(new Tick('past-ttl')),
    fc.constant(new Pause(true)),
    fc.constant(new Pause(false)),
  ],
  { maxCommands: MAX_COMMANDS, size: 'medium' },
);

// ---- invariants over what actually happened ------------------------------------------------------

function statusPath(events: AuditEvent[]): Array<{ from: ActionStatus; to: ActionStatus; type: string }> {
  const statuses = new Set<string>(ACTION_STATUSES);
  const path: Array<{ from: ActionStatus; to: ActionStatus; type: string }> = [];
  for (const e of events) {
    // action.edited reuses from/to for content hashes; every other from/to is a status change.
    if (e.type === 'action.edited' || !('from' in e.data) || !('to' in e.data)) continue;
    const from = String(e.data['from']);
    const to = String(e.data['to']);
    expect(statuses.has(from) && statuses.has(to), `${e.type} #${e.seq}: ${from} → ${to} are statuses`).toBe(
      true,
    );
    path.push({ from: from as ActionStatus, to: to as ActionStatus, type: e.type });
  }
  return path;
}

/** The audit events after `head`, checked to extend the chain from it link by link. */
async function appendedSince(head: { seq: number; hash: string }): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (
    let page = await h.store.audit.page(head.seq, 500);
    page.length > 0;
    page = await h.store.audit.page(out.at(-1)!.seq, 500)
  ) {
    out.push(...page);
  }
  let prev = head;
  for (const e of out) {
    expect({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }, `audit row ${e.seq}`).toEqual({
      seq: prev.seq + 1,
      prevHash: prev.hash,
      hash: hashEvent(prev.hash, e),
    });
    prev = { seq: e.seq, hash: e.hash };
  }
  expect(await h.store.audit.head(), 'the head is the last row').toEqual(prev);
  return out;
}

async function checkInvariants(agent: Agent, startHead: { seq: number; hash: string }): Promise<void> {
  const actions = [...(await actionsOf(agent)).values()];
  const ids = new Set(actions.map((a) => a.id));
  const byAction = new Map<string, AuditEvent[]>();
  for (const e of await appendedSince(startHead)) {
    if (e.actionId && ids.has(e.actionId)) byAction.set(e.actionId, [...(byAction.get(e.actionId) ?? []), e]);
  }
  for (const a of actions) {
    const events = byAction.get(a.id) ?? [];
    const ofType = (t: string) => events.filter((e) => e.type === t);
    const calls = h.platform.calls.filter((c) => c.actionId === a.id);
    const acks = h.platform.delivered.filter((c) => c.actionId === a.id);
    const where = `${a.id} (${a.decision.decision} → ${a.status})`;

    // Status changes only along TRANSITIONS, from received to the status in the row.
    const path = statusPath(events);
    expect(path[0]?.from, `${where}: starts received`).toBe('received');
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      expect(
        canTransition(step.from, step.to),
        `${where}: ${step.type} ${step.from} → ${step.to} is allowed`,
      ).toBe(true);
      if (i > 0)
        expect(step.from, `${where}: ${step.type} continues from the previous status`).toBe(path[i - 1]!.to);
    }
    expect(path.at(-1)?.to, `${where}: the last audited status is the row's`).toBe(a.status);
    // Nothing is left waiting after the drain: fail closed, never silently dropped.
    expect(
      ['published', 'blocked', 'rejected', 'expired', 'withdrawn', 'failed'],
      `${where}: terminal after drain`,
    ).toContain(a.status);

    // Delivery: every attempt reached the platform once; at most one was acknowledged.
    expect(calls.length, `${where}: platform calls = attempts`).toBe(a.attempts);
    expect(acks.length, `${where}: acknowledged at most once, and only if published`).toBe(
      a.status === 'published' ? 1 : 0,
    );
    expect(ofType('action.published').length, `${where}: action.published events`).toBe(
      a.status === 'published' ? 1 : 0,
    );
    if (a.status === 'blocked') expect(calls, `${where}: never offered to the platform`).toEqual([]);
    saw(`${a.decision.decision} → ${a.status}`);
    saw(`ended ${a.status}`);
    if (a.status === 'published' && a.attempts > 1) saw('published after retries');
    if (a.status === 'published' && a.text.startsWith('edited')) saw('published an edit');
    if (a.status === 'failed') {
      expect(a.attempts, `${where}: failed only at the attempt limit`).toBe(h.settings.maxAttempts);
      expect(ofType('action.failed').length, `${where}: one action.failed event`).toBe(1);
    }

    // Authorization of every delivery: exactly the delivered content was decided `publish`, or approved
    // by as many distinct reviewers as the decision asks for.
    const reviews = acks.length > 0 || calls.length > 0 ? await h.store.reviews.forAction(a.id) : [];
    // The decision at submission (a pause may since have turned a `publish` into a hold).
    const decided = ofType('action.decided')[0]?.data['decision'] as
      | { decision?: string }
      | string
      | undefined;
    const original = typeof decided === 'string' ? decided : decided?.decision;
    const submittedHash = ofType('action.received')[0]?.data['contentHash'];
    for (const call of calls) {
      expect(call.claimedHash, `${where}: the claimed hash is the delivered content's`).toBe(
        call.deliveredHash,
      );
      if (original === 'publish' && call.deliveredHash === submittedHash) {
        // Delivered exactly what was submitted and decided `publish`.
        if (a.decision.decision === 'publish')
          expect(reviews, `${where}: auto-published without reviews`).toEqual([]);
      } else {
        expect(a.decision.decision, `${where}: a blocked action never reaches the platform`).toBe('hold');
        const approvers = new Set(
          reviews
            .filter((rv) => rv.verdict !== 'reject' && rv.contentHash === call.deliveredHash)
            .map((rv) => rv.reviewerId),
        );
        expect(
          approvers.size,
          `${where}: distinct approvals of exactly "${call.text}"`,
        ).toBeGreaterThanOrEqual(a.decision.approvals?.count ?? 1);
        const approvedHashes = ofType('action.approved').map((e) => e.data['contentHash']);
        expect(approvedHashes.length, `${where}: approved before delivery`).toBeGreaterThan(0);
        // Approved again after a pause sent it back, but always exactly the delivered content.
        expect(new Set(approvedHashes), `${where}: approved exactly the delivered content`).toEqual(
          new Set([call.deliveredHash]),
        );
      }
    }
    const ack = acks[0];
    if (ack) {
      expect(a.platformRef, `${where}: the row records the platform's ref`).toBe(ack.ref);
      expect(a.text, `${where}: the row's text was delivered`).toBe(ack.text);
      expect(ofType('action.published')[0]?.data['contentHash'], `${where}: audited hash`).toBe(
        ack.deliveredHash,
      );
    }
  }
}

// ---- the property -------------------------------------------------------------------------------

const property = fc.asyncProperty(commands, async (cmds) => {
  const startHead = await h.store.audit.head();
  const { agent } = await h.gov.admin.addAgent(`prop-agent-${++runNo}`);
  const model: Model = { actions: [], failing: false, counter: 0, paused: false, callsAtPause: 0 };
  h.platform.failing = false;
  await fc.asyncModelRun(async () => ({ model, real: { agent } }), cmds);

  // Drain: the agent is resumed, the platform recovers and time passes; every action ends somewhere final.
  if (model.paused) {
    expect(h.platform.calls.length, 'no platform call while the agent was paused').toBe(model.callsAtPause);
    await h.gov.admin.resumeAgent(agent.id, 'system');
    model.paused = false;
  }
  model.failing = false;
  h.platform.failing = false;
  h.clock.advance(h.settings.holdTtlMs + h.settings.maxBackoffMs + 1);
  for (let i = 0; i < 5 && (await h.gov.worker.tick()) > 0; i++);
  modelTick(model, expiries);
  await assertMatches(model, { agent }, 'drain');
  await checkInvariants(agent, startHead);
});

/** Paths the runs must have taken for the invariants to mean something. */
const MUST_SEE = [
  'publish → published',
  'hold → published',
  'published after retries',
  'ended failed',
  'hold → expired',
  'hold → rejected',
  'hold → withdrawn',
  'block → blocked',
  'approve with edit',
  'published an edit',
  'held until a second approval',
  "an edit reset another reviewer's approval",
  'refused illegal_transition',
  'refused forbidden',
  'refused agent_paused',
  'held because paused',
];
let propertyHeld = false;
const missing = () => MUST_SEE.filter((p) => !seen.has(p));

describe('action state machine (model-based, fast-check)', () => {
  it('random command sequences keep the publish invariants', async () => {
    await fc.assert(property, {
      numRuns: NUM_RUNS,
      ...(SEED === undefined ? {} : { seed: SEED }),
      endOnFailure: false,
    });
    // The rarest paths (an outage outlasting every retry; an edit that discards another reviewer's
    // approval) show up a few times per 40 runs; rather than pin a seed, run further batches of 10 until
    // each was taken at least once (typically 0-3 batches; the cap makes a miss a ~1e-4 event).
    for (let extra = 0; SEED === undefined && missing().length > 0 && extra < MAX_EXTRA_RUNS; extra += 10) {
      await fc.assert(property, { numRuns: 10, endOnFailure: false });
    }
    // Each run checked the rows it appended; the whole trail, from genesis, verifies too.
    expect(await verifyStoreChain(h.store)).toMatchObject({ ok: true });
    propertyHeld = true;
  }, 240_000);

  it('the runs exercised every path the invariants are about', (ctx) => {
    if (!propertyHeld) ctx.skip('the property failed; its coverage says nothing');
    if (process.env['FC_STATS']) console.log(JSON.stringify({ runs: runNo, ...Object.fromEntries(seen) }));
    expect(missing(), `paths never taken (seen: ${JSON.stringify(Object.fromEntries(seen))})`).toEqual([]);
  });
});
