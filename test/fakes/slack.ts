// A fake Slack Web API on real HTTP (ephemeral port). The adapter's WebClient points at it through
// SLACK_API_URL. It parses form and JSON bodies, records every call, keeps channels' messages so that
// history/replies lookups work, answers like Slack, and can be told to answer 429 (Retry-After), 500,
// a Slack error, to accept a call and then drop the connection (a crash after "sent"), or to hang (never
// answer). History and replies are paged like Slack's (`limit`, default 100; `cursor`; `oldest`/`latest`),
// so a lookup that reads only the first page misses older messages as it would on Slack.
// Socket Mode: apps.connections.open (app token) hands out a WebSocket URL on the same server, which
// says hello, sends envelopes and records the acknowledgements.
// "Add to Slack": oauth.v2.access exchanges a code granted with `grant()` (checking the client id and secret)
// for that workspace's bot token; auth.test answers as the token's workspace; a revoked token gets
// `token_revoked`. Every call records the token it carried.
// Method and argument names are checked against ../shared/specs/slack-web-openapi-v2.json when present.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';

const SPEC = fileURLToPath(new URL('../../../shared/specs/slack-web-openapi-v2.json', import.meta.url));
/** Arguments Slack added after the spec file was published (message metadata). */
const NEWER_ARGS = new Set(['metadata', 'include_all_metadata']);
/** Methods Slack added after the spec file was published (Socket Mode's connection URL). */
const NEWER_METHODS = new Set(['apps.connections.open']);

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are checked field by field in tests
export type Json = Record<string, any>;

export interface SlackCall {
  method: string;
  args: Json;
  token: string | null;
  /** When the call arrived (ms since the epoch): tests check retries wait out Retry-After. */
  at: number;
}

export interface FakeMessage {
  ts: string;
  channel: string;
  text: string;
  blocks: Json[];
  thread_ts?: string;
  username?: string;
  metadata?: Json;
  bot_id?: string;
  user?: string;
}

/** A workspace the fake knows: what oauth.v2.access hands out for a code, and auth.test answers. */
export interface FakeWorkspace {
  team: string;
  teamName?: string;
  botToken: string;
  botUserId?: string;
  botId?: string;
  /** The installing user. */
  user?: string;
}

export type Failure =
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'error'; error: string }
  | { kind: 'drop' }
  /** Never answers and does nothing (a platform that hangs); the connection stays open until close(). */
  | { kind: 'hang' };

function loadSpec(): Map<string, Set<string>> | null {
  if (!existsSync(SPEC)) return null;
  const doc = JSON.parse(readFileSync(SPEC, 'utf8')) as Json;
  const out = new Map<string, Set<string>>();
  for (const [path, ops] of Object.entries(doc['paths'] as Json)) {
    const names = new Set<string>();
    for (const op of Object.values(ops as Json))
      for (const p of (op as Json)['parameters'] ?? []) names.add(p.name);
    out.set(path.slice(1), names);
  }
  return out;
}

export interface FakeSlack {
  url: string;
  calls: SlackCall[];
  /** Method or argument names the spec does not know (should stay empty). */
  specViolations: string[];
  specChecked: boolean;
  messages: FakeMessage[];
  /** The next `count` calls of `method` fail as told. */
  failNext(method: string, failure: Failure, count?: number): void;
  /** Every call of `method` fails as told until `outage(method, null)` (after any failNext queue). */
  outage(method: string, failure: Failure | null): void;
  /** Messages Airlock published for an action (message metadata `airlock_action` naming it). */
  postsFor(actionId: string): FakeMessage[];
  /** Calls whose caller hung up before the answer (after the work was done), by method. */
  lostReplies: Map<string, number>;
  /** How many times chat.postMessage created a message for each action id (from its metadata). */
  postCounts(): Map<string, number>;
  callsOf(method: string): SlackCall[];
  /** Adds a human message to a channel (for history/replies). */
  addMessage(m: Omit<FakeMessage, 'ts'> & { ts?: string }): FakeMessage;
  channels: Json[];
  /** Socket Mode: open WebSocket connections (after apps.connections.open). */
  sockets(): number;
  /**
   * Sends a Socket Mode envelope to the newest connection; resolves with its acknowledgement's
   * payload (undefined for a bare ack), or rejects when none arrives within `timeoutMs`.
   */
  sendEnvelope(
    type: 'events_api' | 'interactive' | 'slash_commands',
    payload: Json,
    opts?: { timeoutMs?: number; retryAttempt?: number },
  ): Promise<Json | undefined>;
  /** Asks every connection to reconnect, as Slack does when it recycles a pod. */
  recycle(): void;
  /** Makes `code` exchangeable (once) by oauth.v2.access for this workspace's bot token. */
  grant(code: string, workspace: FakeWorkspace): void;
  /** Calls with this token get `token_revoked` from now on (as after an uninstall). */
  revokeToken(token: string): void;
  close(): Promise<void>;
}

let warned = false;

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseArgs(contentType: string, body: string, query: URLSearchParams): Json {
  const args: Json = Object.fromEntries(query);
  if (contentType.includes('application/json')) return { ...args, ...(JSON.parse(body || '{}') as Json) };
  for (const [k, v] of new URLSearchParams(body)) {
    // WebClient form-encodes objects as JSON strings.
    if ((v.startsWith('{') || v.startsWith('[')) && v.length > 1) {
      try {
        args[k] = JSON.parse(v);
        continue;
      } catch {
        // a plain string that happens to start with a brace
      }
    }
    args[k] = v;
  }
  return args;
}

export async function startFakeSlack(
  opts: {
    botUserId?: string;
    botId?: string;
    /** Delay before each answer, after the work is done: widens the "sent but not yet recorded" window. */
    latencyMs?: number;
    /** The app's OAuth credentials oauth.v2.access accepts. */
    oauth?: { clientId: string; clientSecret: string };
  } = {},
): Promise<FakeSlack> {
  const spec = loadSpec();
  if (!spec && !warned) {
    warned = true;
    console.warn(`fake Slack: ${SPEC} is absent; skipping the method/argument name check against the spec`);
  }
  const botId = opts.botId ?? 'B0AIRLOCK';
  const calls: SlackCall[] = [];
  const specViolations: string[] = [];
  const messages: FakeMessage[] = [];
  const failures = new Map<string, Failure[]>();
  const outages = new Map<string, Failure>();
  // Every chat.postMessage that created a message, by the action id in its metadata (deletes do not undo it).
  const posted = new Map<string, number>();
  const lostReplies = new Map<string, number>();
  // Message timestamps as Slack makes them: the wall clock (seconds.microseconds), strictly increasing.
  let lastUs = 0;
  let tickets = 0;
  const nextTs = () => {
    lastUs = Math.max(lastUs + 1, Date.now() * 1000);
    return `${Math.floor(lastUs / 1e6)}.${String(lastUs % 1e6).padStart(6, '0')}`;
  };
  const grants = new Map<string, FakeWorkspace>();
  const byToken = new Map<string, FakeWorkspace>();
  const revoked = new Set<string>();
  const channels: Json[] = [
    { id: 'C0INFRA', name: 'infra-help', is_private: false, is_ext_shared: false, num_members: 42 },
    { id: 'C0REVIEW', name: 'airlock-reviews', is_private: true, is_ext_shared: false, num_members: 5 },
    { id: 'C0SHARED', name: 'partners', is_private: false, is_ext_shared: true, num_members: 310 },
  ];

  const exchange = (a: Json, basic: { id: string; secret: string } | null): Json => {
    const clientId = String(a['client_id'] ?? basic?.id ?? '');
    const secret = String(a['client_secret'] ?? basic?.secret ?? '');
    if (!opts.oauth || clientId !== opts.oauth.clientId) return { ok: false, error: 'invalid_client_id' };
    if (secret !== opts.oauth.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const ws = grants.get(String(a['code'] ?? ''));
    if (!ws) return { ok: false, error: 'invalid_code' };
    grants.delete(String(a['code']));
    byToken.set(ws.botToken, ws);
    return {
      ok: true,
      app_id: 'A0AIRLOCK',
      authed_user: { id: ws.user ?? 'U0INSTALLER' },
      scope: 'chat:write,commands',
      token_type: 'bot',
      access_token: ws.botToken,
      bot_user_id: ws.botUserId ?? 'U0AIRLOCK',
      team: { id: ws.team, name: ws.teamName ?? ws.team },
      enterprise: null,
      is_enterprise_install: false,
    };
  };

  const answer = (method: string, a: Json, token: string | null): Json => {
    const channel = typeof a['channel'] === 'string' ? a['channel'] : '';
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${++tickets}` };
      case 'auth.test': {
        const ws = token ? byToken.get(token) : undefined;
        return {
          ok: true,
          user_id: ws?.botUserId ?? opts.botUserId ?? 'U0AIRLOCK',
          bot_id: ws?.botId ?? botId,
          team_id: ws?.team ?? 'T0TEAM',
        };
      }
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (!a['text'] && !a['blocks']) return { ok: false, error: 'no_text' };
        const m: FakeMessage = {
          ts: nextTs(),
          channel,
          text: String(a['text'] ?? ''),
          blocks: (a['blocks'] as Json[]) ?? [],
          bot_id: botId,
          ...(a['thread_ts'] ? { thread_ts: String(a['thread_ts']) } : {}),
          ...(a['username'] ? { username: String(a['username']) } : {}),
          ...(a['metadata'] ? { metadata: a['metadata'] as Json } : {}),
        };
        messages.push(m);
        if (m.metadata?.['event_type'] === 'airlock_action') {
          const id = String(m.metadata?.['event_payload']?.action_id);
          posted.set(id, (posted.get(id) ?? 0) + 1);
        }
        return { ok: true, channel, ts: m.ts, message: m };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === channel && x.ts === a['ts']);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(a['text'] ?? m.text);
        if (a['blocks']) m.blocks = a['blocks'] as Json[];
        return { ok: true, channel, ts: m.ts };
      }
      case 'chat.delete': {
        const i = messages.findIndex((x) => x.channel === channel && x.ts === a['ts']);
        if (i < 0) return { ok: false, error: 'message_not_found' };
        messages.splice(i, 1);
        return { ok: true, channel, ts: a['ts'] };
      }
      case 'chat.postEphemeral':
        if (!a['user']) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(a['users']).replace(/^U/, '')}` } };
      case 'conversations.history':
      case 'conversations.replies': {
        const withMeta = a['include_all_metadata'] === true || a['include_all_metadata'] === 'true';
        const oldest = a['oldest'] !== undefined ? Number(a['oldest']) : Number.NEGATIVE_INFINITY;
        const latest = a['latest'] !== undefined ? Number(a['latest']) : Number.POSITIVE_INFINITY;
        const all = messages
          .filter((m) => m.channel === channel)
          .filter((m) => method === 'conversations.history' || m.ts === a['ts'] || m.thread_ts === a['ts'])
          .filter((m) => m.ts === a['ts'] || (Number(m.ts) > oldest && Number(m.ts) < latest))
          .map((m) => {
            const { metadata, ...rest } = m;
            return withMeta && metadata ? { ...rest, metadata } : rest;
          });
        // History is newest first, replies oldest first; both come in pages like Slack's.
        const ordered = method === 'conversations.history' ? all.reverse() : all;
        const limit = Math.max(1, Math.min(1000, Number(a['limit'] ?? 100) || 100));
        const from = a['cursor'] ? Number(String(a['cursor']).replace(/^page_/, '')) || 0 : 0;
        const page = ordered.slice(from, from + limit);
        const more = from + limit < ordered.length;
        return {
          ok: true,
          messages: page,
          has_more: more,
          response_metadata: { next_cursor: more ? `page_${from + limit}` : '' },
        };
      }
      case 'conversations.list':
        return { ok: true, channels, response_metadata: { next_cursor: '' } };
      case 'conversations.info': {
        const c = channels.find((x) => x.id === channel);
        return c ? { ok: true, channel: c } : { ok: false, error: 'channel_not_found' };
      }
      case 'views.open':
        if (!a['trigger_id']) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${nextTs()}`, ...(a['view'] as Json) } };
      case 'views.publish':
        return { ok: true, view: { id: `V${nextTs()}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = url.pathname.replace(/^\/(api\/)?/, '');
    const body = await readBody(req);
    const args = parseArgs(String(req.headers['content-type'] ?? ''), body, url.searchParams);
    const auth = req.headers['authorization'];
    const token =
      typeof auth === 'string' ? auth.replace(/^Bearer /, '') : ((args['token'] as string) ?? null);
    delete args['token'];
    calls.push({ method, args, token, at: Date.now() });
    const send = (status: number, json: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (spec) {
      const known = spec.get(method);
      if (!known) {
        if (!NEWER_METHODS.has(method)) specViolations.push(`unknown method ${method}`);
      } else
        for (const k of Object.keys(args))
          if (!known.has(k) && !NEWER_ARGS.has(k)) specViolations.push(`${method}: unknown argument ${k}`);
    }
    if (method === 'oauth.v2.access') {
      // Client credentials, not a token: in the body, or as HTTP Basic auth.
      const basic =
        typeof auth === 'string' && auth.startsWith('Basic ')
          ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')
          : null;
      return send(200, exchange(args, basic ? { id: basic[0] ?? '', secret: basic[1] ?? '' } : null));
    }
    const tokenKind = method === 'apps.connections.open' ? 'xapp-' : 'xoxb-';
    if (!token?.startsWith(tokenKind)) return send(200, { ok: false, error: 'not_authed' });
    if (revoked.has(token)) return send(200, { ok: false, error: 'token_revoked' });
    const queue = failures.get(method);
    const failure = queue?.shift() ?? outages.get(method);
    if (failure?.kind === 'hang') return;
    if (failure?.kind === 'status') {
      return send(
        failure.status,
        { ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' },
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    }
    if (failure?.kind === 'error') return send(200, { ok: false, error: failure.error });
    const out = answer(method, args, token);
    if (failure?.kind === 'drop') {
      // Slack did the work; the caller never hears back.
      req.socket.destroy();
      return;
    }
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    if (req.socket.destroyed) {
      lostReplies.set(method, (lostReplies.get(method) ?? 0) + 1);
      return;
    }
    send(200, out);
  });
  const wss = new WebSocketServer({ server, path: '/link/' });
  const open: WebSocket[] = [];
  const acks = new Map<string, (payload: Json | undefined) => void>();
  wss.on('connection', (ws) => {
    open.push(ws);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Json;
      acks.get(String(msg['envelope_id']))?.(msg['payload'] as Json | undefined);
    });
    ws.on('close', () => open.splice(open.indexOf(ws), 1));
    ws.send(JSON.stringify({ type: 'hello', num_connections: open.length }));
  });
  let envelopes = 0;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    specViolations,
    specChecked: spec !== null,
    messages,
    channels,
    failNext(method, failure, count = 1) {
      const q = failures.get(method) ?? [];
      for (let i = 0; i < count; i++) q.push(failure);
      failures.set(method, q);
    },
    lostReplies,
    outage(method, failure) {
      if (failure) outages.set(method, failure);
      else outages.delete(method);
    },
    postsFor: (actionId) =>
      messages.filter(
        (m) =>
          m.metadata?.['event_type'] === 'airlock_action' &&
          m.metadata?.['event_payload']?.action_id === actionId,
      ),
    postCounts: () => new Map(posted),
    callsOf: (method) => calls.filter((c) => c.method === method),
    addMessage(m) {
      const msg = { ...m, ts: m.ts ?? nextTs() };
      messages.push(msg);
      return msg;
    },
    sockets: () => open.length,
    sendEnvelope(type, payload, opts = {}) {
      const ws = open.at(-1);
      if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
      const envelopeId = `env-${++envelopes}`;
      return new Promise<Json | undefined>((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new Error(`envelope ${envelopeId} (${type}) was not acknowledged`));
        }, opts.timeoutMs ?? 5000);
        acks.set(envelopeId, (p) => {
          clearTimeout(timer);
          acks.delete(envelopeId);
          resolve(p);
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            ...(opts.retryAttempt !== undefined ? { retry_attempt: opts.retryAttempt } : {}),
          }),
        );
      });
    },
    grant(code, workspace) {
      grants.set(code, workspace);
    },
    revokeToken(token) {
      revoked.add(token);
    },
    recycle() {
      for (const ws of open) ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
    },
    close: () =>
      new Promise<void>((r) => {
        for (const ws of open) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
