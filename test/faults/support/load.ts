// Load for the fault suite: agents submitting over HTTP (each action retried with its Idempotency-Key
// until acknowledged), reviewers approving and rejecting, and a tally of every HTTP answer.
import { createHash, randomBytes } from 'node:crypto';
import { CONTEXT, DEPLOY_CHANNELS, type Identities, RANDOM, sleep } from './servers.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
export type Body = any;

export interface Reply {
  status: number;
  body: Body;
  /** The body was JSON. */
  json: boolean;
}

/** One HTTP call; a network failure (server killed, refused) rejects. */
export async function call(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Reply> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : null, json: true };
  } catch {
    return { status: res.status, body: text, json: false };
  }
}

/** What every HTTP answer of a run looked like: counts by status and the bad ones, described. */
export class Answers {
  readonly byStatus = new Map<number, number>();
  /** 5xx other than 503 with a JSON error body naming its code, or anything unreadable. */
  readonly bad: string[] = [];
  networkErrors = 0;

  record(what: string, r: Reply): void {
    this.byStatus.set(r.status, (this.byStatus.get(r.status) ?? 0) + 1);
    if (r.status >= 500) {
      const named =
        r.json && typeof r.body?.error?.code === 'string' && typeof r.body?.error?.message === 'string';
      if (r.status !== 503 || !named)
        this.bad.push(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    } else if (r.status >= 400 && !(r.json && typeof r.body?.error?.code === 'string')) {
      this.bad.push(`${what}: HTTP ${r.status} without a JSON error body: ${String(r.body).slice(0, 200)}`);
    }
  }

  summary(): string {
    const s = [...this.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`);
    return `${s.join(' ')}; network errors ${this.networkErrors}`;
  }
}

export type Intent = 'publish' | 'approve' | 'reject' | 'leave';

export interface Submitted {
  n: number;
  key: string;
  intent: Intent;
  /** Set when an answer was 2xx with an id (acknowledged). */
  id: string | null;
  /** Index (in `urls()`) of the server that acknowledged it. */
  via: number;
  ackStatus: string | null;
  /** A 503 said "nothing was changed" before a retry with the same key replayed a stored action. */
  saidNothingChanged: boolean;
}

/** What a held action's reviewer will do, decided from its key (stable across restarts). */
export function intentFor(n: number, heldRatio: number): Intent {
  const h = createHash('sha256').update(String(n)).digest();
  const x = (h[0]! * 256 + h[1]!) / 65_536;
  if (x >= heldRatio) return 'publish';
  const y = h[2]! / 256;
  return y < 0.8 ? 'approve' : y < 0.9 ? 'reject' : 'leave';
}

export interface LoadOptions {
  /** Base URLs of the servers; client i talks to urls()[i % n]. Called on each attempt (restarts). */
  urls: () => string[];
  ids: Identities;
  clients: number;
  /** Share of actions that are held (posted to #random instead of #deploys). */
  heldRatio: number;
  answers: Answers;
  prefix?: string;
  /** Pause between two submissions of one client (ms). */
  pauseMs?: number;
}

/**
 * Agents submitting actions: each logical action has an Idempotency-Key and is retried with the same key
 * and body until it is acknowledged (2xx), as a careful agent would after a dropped connection or a 503.
 */
export class AgentLoad {
  readonly submitted: Submitted[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];
  private n = 0;
  readonly prefix: string;

  constructor(private readonly o: LoadOptions) {
    this.prefix = o.prefix ?? randomBytes(3).toString('hex');
  }

  start(): void {
    for (let c = 0; c < this.o.clients; c++) this.loops.push(this.loop(c));
  }

  /** Stops starting new actions and waits until every started one is acknowledged (or `ms` passes). */
  async finish(ms = 120_000): Promise<void> {
    this.stopping = true;
    const all = Promise.all(this.loops);
    await Promise.race([all, sleep(ms)]);
  }

  acked(): Submitted[] {
    return this.submitted.filter((s) => s.id !== null);
  }

  private async loop(c: number): Promise<void> {
    while (!this.stopping) {
      const n = this.n++;
      const intent = intentFor(n, this.o.heldRatio);
      const s: Submitted = {
        n,
        key: `${this.prefix}-${n}`,
        intent,
        id: null,
        via: -1,
        ackStatus: null,
        saidNothingChanged: false,
      };
      this.submitted.push(s);
      await this.submit(c, s);
      if (this.o.pauseMs) await sleep(this.o.pauseMs);
    }
  }

  private async submit(c: number, s: Submitted): Promise<void> {
    const token = this.o.ids.agentTokens[c % this.o.ids.agentTokens.length]!;
    const i = s.n % DEPLOY_CHANNELS.length;
    const body = {
      request_id: this.o.ids.requestIds[i],
      platform: 'slack',
      action: {
        kind: 'post',
        channel: s.intent === 'publish' ? DEPLOY_CHANNELS[i]!.id : RANDOM.id,
        text: `The 14:00 deploy finished (${s.key}).`,
      },
      context: CONTEXT,
    };
    let saw503NothingChanged = false;
    for (let attempt = 0; attempt < 2_000; attempt++) {
      const urls = this.o.urls();
      const at = (c + attempt) % urls.length;
      const url = urls[at]!;
      let r: Reply;
      try {
        r = await call(url, 'POST', '/v1/actions', token, body, { 'idempotency-key': s.key });
      } catch {
        this.o.answers.networkErrors++;
        await sleep(50 + Math.random() * 100);
        continue;
      }
      this.o.answers.record(`POST /v1/actions (${s.key})`, r);
      if (r.status >= 200 && r.status < 300 && typeof r.body?.id === 'string') {
        s.id = r.body.id;
        s.via = at;
        s.ackStatus = r.body.status;
        // A replay (200) after a 503 that said nothing was changed: the 503 was wrong.
        if (r.status === 200 && saw503NothingChanged) s.saidNothingChanged = true;
        return;
      }
      if (r.status === 503 && /nothing was changed/.test(String(r.body?.error?.message)))
        saw503NothingChanged = true;
      if (r.status >= 400 && r.status < 500 && r.status !== 429) {
        this.o.answers.bad.push(`POST /v1/actions (${s.key}): refused ${r.status} ${JSON.stringify(r.body)}`);
        return;
      }
      await sleep(100 + Math.random() * 100);
    }
  }
}

/**
 * Reviewers: list held actions through one server and decide each by the intent its key encodes
 * (approve, reject, or leave held). Approvals go through `urls()[(i + offset) % n]`, so with several
 * processes a reviewer approves through another process than the agent used.
 */
export class ReviewerLoad {
  readonly approvedAcks = new Set<string>();
  readonly rejectedAcks = new Set<string>();
  /** Answers to approvals of an action already decided (409), e.g. after a lost reply or a race. */
  conflicts = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly o: {
      urls: () => string[];
      ids: Identities;
      answers: Answers;
      intentOf: (key: string) => Intent | undefined;
      /** Index of the server to approve through (default: the next one after the listing one). */
      approveVia?: (key: string, listedVia: number) => number;
      reviewers?: number;
    },
  ) {}

  start(): void {
    for (let r = 0; r < (this.o.reviewers ?? 1); r++) this.loops.push(this.loop(r));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  /** One pass over what is held now; returns how many actions are left to decide. */
  async pass(r: number): Promise<number> {
    const urls = this.o.urls();
    const token = this.o.ids.reviewerTokens[r % this.o.ids.reviewerTokens.length]!;
    const list = await call(urls[r % urls.length]!, 'GET', '/v1/actions?status=held&limit=200', token);
    this.o.answers.record('GET /v1/actions?status=held', list);
    if (list.status !== 200) return 1;
    let left = 0;
    for (const a of list.body.actions ?? list.body ?? []) {
      const key = /\(([^)]+)\)\.$/.exec(String(a.text))?.[1];
      const intent = key ? this.o.intentOf(key) : undefined;
      if (intent !== 'approve' && intent !== 'reject') continue;
      left++;
      const via = urls[(this.o.approveVia?.(key!, r % urls.length) ?? r + 1) % urls.length]!;
      const verb = intent === 'approve' ? 'approve' : 'reject';
      const res = await call(via, 'POST', `/v1/actions/${a.id}/${verb}`, token, {
        ...(verb === 'approve' ? { content_hash: a.content_hash } : { reason: 'not this one' }),
      });
      this.o.answers.record(`POST /v1/actions/:id/${verb}`, res);
      if (res.status === 200) (verb === 'approve' ? this.approvedAcks : this.rejectedAcks).add(a.id);
      else if (res.status === 409) this.conflicts++;
    }
    return left;
  }

  private async loop(r: number): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pass(r);
      } catch {
        this.o.answers.networkErrors++;
      }
      await sleep(150 + Math.random() * 150);
    }
  }

  /** Passes until nothing to approve or reject is held (or `ms` passes). */
  async drain(ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      try {
        if ((await this.pass(0)) === 0) return;
      } catch {
        this.o.answers.networkErrors++;
      }
      await sleep(200);
    }
  }
}

/** Submits one action as agent 0 answering request `i` (in scope) or to #random (held). */
export function submitOne(
  url: string,
  ids: Identities,
  text: string,
  opts: { held?: boolean; i?: number; key?: string } = {},
) {
  const i = opts.i ?? 0;
  return call(
    url,
    'POST',
    '/v1/actions',
    ids.agentTokens[0]!,
    {
      request_id: ids.requestIds[i],
      platform: 'slack',
      action: { kind: 'post', channel: opts.held ? RANDOM.id : DEPLOY_CHANNELS[i]!.id, text },
      context: CONTEXT,
    },
    opts.key ? { 'idempotency-key': opts.key } : {},
  );
}
