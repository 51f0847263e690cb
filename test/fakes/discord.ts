// A fake Discord REST API on a real HTTP server (ephemeral port). It records every call, keeps channel
// messages in memory and answers like Discord: snowflake ids, message objects, `nonce` + `enforce_nonce`
// returning the earlier message, webhooks with tokens, 429s with Retry-After and X-RateLimit headers,
// 5xx. Every call is checked against Discord's published OpenAPI description when ../shared/specs has it.
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';

export const SPEC_PATH = fileURLToPath(
  new URL('../../../shared/specs/discord-openapi.json', import.meta.url),
);
export const BOT_ID = '900000000000000001';
export const GUILD_ID = '800000000000000001';

export interface FakeCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are asserted field by field
  body: any;
  multipart: boolean;
  auth: string | null;
  status: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  embeds: Array<{ footer?: { text: string } } & Record<string, unknown>>;
  components: unknown[];
  author: { id: string; username: string; bot: true };
  webhook_id?: string;
  nonce?: string | number;
  timestamp: string;
  edited_timestamp: string | null;
  attachments: unknown[];
}

interface Fault {
  match: (method: string, path: string) => boolean;
  status: number;
  retryAfterS?: number;
  /** Apply the call's effect (create the message), then hold the response until released. */
  hang?: boolean;
}

type Matcher = string | RegExp | ((method: string, path: string) => boolean);
const toMatch = (m: Matcher) =>
  typeof m === 'function'
    ? m
    : (method: string, path: string) =>
        typeof m === 'string' ? `${method} ${path}`.startsWith(m) : m.test(`${method} ${path}`);

// ---- OpenAPI conformance -------------------------------------------------------------------------

// biome-ignore lint/suspicious/noExplicitAny: the spec is plain JSON walked by key
type Json = any;
export interface SpecChecker {
  check(call: Pick<FakeCall, 'method' | 'path' | 'query' | 'body' | 'multipart'>): string[];
}

export function loadSpec(): SpecChecker | null {
  if (!existsSync(SPEC_PATH)) return null;
  const spec: Json = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const resolve = (s: Json): Json => {
    let cur = s;
    while (cur?.$ref)
      cur = cur.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((o: Json, k: string) => o?.[k], spec);
    return cur;
  };
  const propsOf = (s: Json, seen = new Set<Json>()): Set<string> | null => {
    const r = resolve(s);
    if (!r || seen.has(r)) return new Set();
    seen.add(r);
    const out = new Set<string>(Object.keys(r.properties ?? {}));
    let open = r.additionalProperties === true;
    for (const k of ['allOf', 'oneOf', 'anyOf'])
      for (const sub of r[k] ?? []) {
        const p = propsOf(sub, seen);
        if (p === null) open = true;
        else for (const x of p) out.add(x);
      }
    return open ? null : out;
  };
  const routes = Object.entries(spec.paths as Record<string, Json>).map(([template, item]) => ({
    template,
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    item,
  }));
  return {
    check({ method, path, query, body, multipart }) {
      const route = routes.find((r) => r.re.test(path));
      if (!route) return [`${method} ${path}: no such path in the Discord API`];
      const op = route.item[method.toLowerCase()];
      if (!op) return [`${method} ${route.template}: method not in the Discord API`];
      const problems: string[] = [];
      const params = [...(route.item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      for (const q of Object.keys(query))
        if (!params.some((p: Json) => p.in === 'query' && p.name === q))
          problems.push(`${method} ${route.template}: unknown query parameter ${q}`);
      if (body && typeof body === 'object' && !Array.isArray(body) && !multipart) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) problems.push(`${method} ${route.template}: takes no JSON body`);
        else {
          const allowed = propsOf(schema);
          if (allowed)
            for (const k of Object.keys(body))
              if (!allowed.has(k)) problems.push(`${method} ${route.template}: unknown body field ${k}`);
        }
      }
      return problems;
    },
  };
}

// ---- The server ------------------------------------------------------------------------------------

export interface FakeDiscord {
  /** API base for DISCORD_API_URL (`http://127.0.0.1:PORT/api`). */
  url: string;
  calls: FakeCall[];
  messages: Map<string, FakeMessage[]>;
  webhooks: Array<{ id: string; token: string; channel_id: string; application_id: string; name: string }>;
  /** Calls that did not match Discord's OpenAPI description (empty when the spec is absent). */
  specProblems: string[];
  specChecked: boolean;
  /** The next `times` calls matching `match` answer `status` (429 with Retry-After `retryAfterS`). */
  fail(match: Matcher, status: number, opts?: { times?: number; retryAfterS?: number }): void;
  /** The next matching call takes effect but its response never comes (a lost acknowledgement). */
  hangNext(match: Matcher): void;
  /** All messages in a channel, oldest first. */
  channel(id: string): FakeMessage[];
  callsTo(match: Matcher): FakeCall[];
  /**
   * The Gateway (WebSocket, JSON encoding) that GET /gateway/bot points at: it says HELLO, answers
   * heartbeats, records IDENTIFY and answers READY; `dispatch` sends an event to every identified shard.
   */
  gateway: {
    identified(): Array<{ token: string; intents: number }>;
    dispatch(t: string, d: Json): number;
  };
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(opts: { applicationId: string }): Promise<FakeDiscord> {
  const spec = loadSpec();
  const calls: FakeCall[] = [];
  const messages = new Map<string, FakeMessage[]>();
  const webhooks: FakeDiscord['webhooks'] = [];
  const dms = new Map<string, string>();
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  const specProblems: string[] = [];
  let seq = 1_000_000_000_000_000_000n;
  const snowflake = () => String(++seq);

  const chan = (id: string) => {
    const list = messages.get(id) ?? [];
    messages.set(id, list);
    return list;
  };

  const createMessage = (
    channelId: string,
    body: Json,
    author: FakeMessage['author'],
    webhookId?: string,
  ) => {
    const m: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      guild_id: GUILD_ID,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      author,
      ...(webhookId ? { webhook_id: webhookId } : {}),
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      attachments: body.attachments ?? [],
    };
    chan(channelId).push(m);
    return m;
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const m = /name="payload_json"\r\n(?:Content-Type: [^\r\n]*\r\n)?\r\n([\s\S]*?)\r\n--/.exec(
        raw.toString('utf8'),
      );
      return {
        body: m ? JSON.parse(m[1]!) : {},
        multipart: true,
        files: (raw.toString('latin1').match(/filename="/g) ?? []).length,
      };
    }
    return { body: raw.length ? JSON.parse(raw.toString('utf8')) : undefined, multipart: false, files: 0 };
  };

  const bot = { id: BOT_ID, username: 'Airlock', bot: true as const };
  const notFound = (what: string, code: number) => ({
    status: 404,
    json: { message: `Unknown ${what}`, code },
  });

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: Json,
  ): { status: number; json?: unknown } {
    const m1 = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (m1) {
      const ch = m1[1]!;
      if (method === 'GET') {
        const limit = Number(query['limit'] ?? 50);
        return { status: 200, json: [...chan(ch)].reverse().slice(0, limit) };
      }
      if (method === 'POST') {
        if (body.nonce !== undefined && body.enforce_nonce) {
          const same = chan(ch).find((x) => x.nonce === body.nonce && x.author.id === BOT_ID);
          if (same) return { status: 200, json: same };
        }
        return { status: 200, json: createMessage(ch, body, bot) };
      }
    }
    const m2 = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (m2) {
      const list = chan(m2[1]!);
      const i = list.findIndex((x) => x.id === m2[2]);
      if (i < 0) return notFound('Message', 10008);
      if (method === 'DELETE') {
        list.splice(i, 1);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const msg = list[i]!;
        for (const k of ['content', 'embeds', 'components'] as const)
          if (body[k] !== undefined) (msg as Json)[k] = body[k];
        msg.edited_timestamp = new Date().toISOString();
        return { status: 200, json: msg };
      }
    }
    const m3 = /^\/channels\/(\d+)\/webhooks$/.exec(path);
    if (m3) {
      if (method === 'GET') return { status: 200, json: webhooks.filter((w) => w.channel_id === m3[1]) };
      if (method === 'POST') {
        const w = {
          id: snowflake(),
          token: `tok-${snowflake()}`,
          channel_id: m3[1]!,
          application_id: opts.applicationId,
          name: body.name,
          type: 1,
        };
        webhooks.push(w);
        return { status: 200, json: w };
      }
    }
    const m4 = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path);
    if (m4 && method === 'POST') {
      if (m4[1] === opts.applicationId) {
        // An interaction follow-up.
        return { status: 200, json: createMessage(`followup-${m4[2]}`, body, bot) };
      }
      const w = webhooks.find((x) => x.id === m4[1] && x.token === m4[2]);
      if (!w) return notFound('Webhook', 10015);
      const msg = createMessage(
        query['thread_id'] ?? w.channel_id,
        body,
        { id: w.id, username: body.username ?? w.name, bot: true },
        w.id,
      );
      return query['wait'] === 'true' ? { status: 200, json: msg } : { status: 204 };
    }
    const m5 = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path);
    if (m5 && method === 'PATCH') return { status: 200, json: createMessage(`original-${m5[2]}`, body, bot) };
    if (path === '/users/@me/channels' && method === 'POST') {
      const id = dms.get(body.recipient_id) ?? snowflake();
      dms.set(body.recipient_id, id);
      return { status: 200, json: { id, type: 1, recipients: [{ id: body.recipient_id }] } };
    }
    if (path === '/gateway/bot' && method === 'GET')
      return {
        status: 200,
        json: {
          url: gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT')
      return {
        status: 200,
        json: (body as Json[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: opts.applicationId,
          version: snowflake(),
        })),
      };
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(u.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(u.searchParams);
    const { body, multipart } = await readBody(req);
    const call: FakeCall = {
      method,
      path,
      query,
      body,
      multipart,
      auth: req.headers.authorization ?? null,
      status: 0,
    };
    calls.push(call);
    if (spec) specProblems.push(...spec.check(call));
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const fi = faults.findIndex((f) => f.match(method, path));
    const fault = fi >= 0 ? faults[fi] : undefined;
    if (fault) faults.splice(fi, 1);
    if (fault && !fault.hang) {
      if (fault.status === 429) {
        const after = fault.retryAfterS ?? 1;
        send(
          429,
          { message: 'You are being rate limited.', retry_after: after, global: false },
          {
            'retry-after': String(after),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(after),
            'x-ratelimit-bucket': 'fakebucket',
            'x-ratelimit-scope': 'user',
          },
        );
      } else send(fault.status, { message: `${fault.status}: fault injected`, code: 0 });
      return;
    }
    if (method !== 'GET' && method !== 'DELETE' && call.auth === null && !path.startsWith('/webhooks/')) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const out = route(method, path, query, body);
    if (fault?.hang) {
      call.status = -1;
      hung.add(res);
      return;
    }
    send(out.status, out.json);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // The Gateway on the same port, at /gateway.
  const wss = new WebSocketServer({ server, path: '/gateway' });
  const identified: Array<{ token: string; intents: number; ws: WebSocket }> = [];
  let gatewaySeq = 0;
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as Json;
      if (msg['op'] === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (msg['op'] === 2) {
        identified.push({ token: String(msg['d']?.token), intents: Number(msg['d']?.intents), ws });
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++gatewaySeq,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'Airlock', discriminator: '0', bot: true, avatar: null },
              guilds: [],
              session_id: `session-${gatewaySeq}`,
              resume_gateway_url: gatewayUrl(),
              shard: [0, 1],
              application: { id: opts.applicationId, flags: 0 },
            },
          }),
        );
      }
    });
    ws.on('close', () => {
      const i = identified.findIndex((x) => x.ws === ws);
      if (i >= 0) identified.splice(i, 1);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const gatewayUrl = () => `ws://127.0.0.1:${port}/gateway`;

  return {
    url: `http://127.0.0.1:${port}/api`,
    calls,
    messages,
    webhooks,
    specProblems,
    specChecked: spec !== null,
    fail(match, status, o = {}) {
      for (let n = 0; n < (o.times ?? 1); n++)
        faults.push({
          match: toMatch(match),
          status,
          ...(o.retryAfterS === undefined ? {} : { retryAfterS: o.retryAfterS }),
        });
    },
    hangNext(match) {
      faults.push({ match: toMatch(match), status: 0, hang: true });
    },
    channel: (id) => [...chan(id)],
    callsTo: (match) => calls.filter((c) => toMatch(match)(c.method, c.path)),
    gateway: {
      identified: () => identified.map(({ token, intents }) => ({ token, intents })),
      dispatch(t, d) {
        for (const x of identified) x.ws.send(JSON.stringify({ op: 0, t, s: ++gatewaySeq, d }));
        return identified.length;
      },
    },
    reset() {
      calls.length = 0;
      faults.length = 0;
      specProblems.length = 0;
    },
    async close() {
      for (const x of identified) x.ws.terminate();
      wss.close();
      for (const r of hung) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
