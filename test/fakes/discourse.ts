// A fake Discourse forum on a real HTTP server (ephemeral port). It records every call, keeps topics and
// posts in memory and answers like Discourse: topics with `external_id` (unique; GET /t/external_id/{id}
// redirects to the topic), replies with `reply_to_post_number`, a topic's post stream, post edits, private
// messages, `Api-Key`/`Api-Username` checked on every call, 429s with Retry-After and 5xx on demand. Like
// the real forum it delivers a signed `post_created` webhook for every new post (its own and Airlock's)
// when told where Airlock listens. Every call is checked against Discourse's published OpenAPI description
// when ../shared/specs has it.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SPEC_PATH = fileURLToPath(
  new URL('../../../shared/specs/discourse-openapi.json', import.meta.url),
);

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are asserted field by field
  body: any;
  apiKey: string | null;
  apiUsername: string | null;
  status: number;
}

export interface FakePost {
  id: number;
  topic_id: number;
  post_number: number;
  username: string;
  name: string;
  raw: string;
  cooked: string;
  reply_to_post_number: number | null;
  post_type: number;
  created_at: string;
  updated_at: string;
  version: number;
  edit_reason: string | null;
}

export interface FakeTopic {
  id: number;
  title: string;
  slug: string;
  category_id: number | null;
  archetype: 'regular' | 'private_message';
  external_id: string | null;
  /** Private messages: who may read it. */
  recipients: string[];
  posts: FakePost[];
  deleted: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the spec is plain JSON walked by key
type Json = any;
type Matcher = string | RegExp;
const toMatch = (m: Matcher) => (method: string, path: string) =>
  typeof m === 'string' ? `${method} ${path}`.startsWith(m) : m.test(`${method} ${path}`);

// ---- OpenAPI conformance -------------------------------------------------------------------------

export interface SpecChecker {
  check(call: Pick<FakeCall, 'method' | 'path' | 'query' | 'body'>): string[];
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
  const routes = Object.entries(spec.paths as Record<string, Json>)
    .map(([template, item]) => ({
      template,
      re: new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literal: template.replace(/\{[^}]+\}/g, '').length,
      item,
    }))
    // The most specific template first: /t/external_id/{id}.json before /t/{id}.json.
    .sort((a, b) => b.literal - a.literal);
  const bodyProps = (op: Json): Json => resolve(op.requestBody?.content?.['application/json']?.schema);
  return {
    check({ method, path, query, body }) {
      const route = routes.find((r) => r.re.test(path) && r.item[method.toLowerCase()]);
      if (!route) return [`${method} ${path}: no such operation in the Discourse API`];
      const op = route.item[method.toLowerCase()];
      const problems: string[] = [];
      const params = [...(route.item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      // Discourse's description lists GET /t/{id}/posts.json's `post_ids[]` as a body; it is a query.
      const getBody = method === 'GET' ? Object.keys(bodyProps(op)?.properties ?? {}) : [];
      for (const q of Object.keys(query))
        if (!params.some((p: Json) => p.in === 'query' && p.name === q) && !getBody.includes(q))
          problems.push(`${method} ${route.template}: unknown query parameter ${q}`);
      if (body !== undefined && method !== 'GET') {
        const schema = bodyProps(op);
        if (!schema) problems.push(`${method} ${route.template}: takes no JSON body`);
        else {
          const walk = (s: Json, value: Json, at: string) => {
            if (!s || typeof value !== 'object' || value === null || Array.isArray(value)) return;
            const props = s.properties ?? {};
            for (const k of Object.keys(value)) {
              if (!(k in props)) {
                if (s.additionalProperties !== true)
                  problems.push(`${method} ${route.template}: unknown body field ${at}${k}`);
                continue;
              }
              const t = resolve(props[k]);
              const v = value[k];
              const types = Array.isArray(t.type) ? t.type : [t.type];
              const ok =
                t.type === undefined ||
                types.some((ty: string) =>
                  ty === 'integer'
                    ? Number.isInteger(v)
                    : ty === 'array'
                      ? Array.isArray(v)
                      : ty === 'null'
                        ? v === null
                        : ty === 'object'
                          ? typeof v === 'object' && v !== null && !Array.isArray(v)
                          : typeof v === ty,
                );
              if (!ok)
                problems.push(`${method} ${route.template}: body field ${at}${k} is not ${types.join('|')}`);
              if (t.type === 'object') walk(t, v, `${at}${k}.`);
            }
            for (const r of s.required ?? [])
              if (!(r in value)) problems.push(`${method} ${route.template}: body lacks required ${at}${r}`);
          };
          walk(schema, body, '');
        }
      }
      return problems;
    },
  };
}

// ---- The server ------------------------------------------------------------------------------------

export interface FakeDiscourse {
  /** Base URL for DISCOURSE_URL. */
  url: string;
  apiKey: string;
  calls: FakeCall[];
  topics: Map<number, FakeTopic>;
  /** Calls that did not match Discourse's OpenAPI description (empty when the spec is absent). */
  specProblems: string[];
  specChecked: boolean;
  /** Where the forum delivers `post_created` webhooks (Airlock's /forum/webhooks), and with which secret. */
  deliverTo(url: string, secret: string): void;
  /** Webhook deliveries made, with Airlock's answers. */
  deliveries: Array<{ eventId: string; postId: number; username: string; status: number; body: Json }>;
  /** Resolves when every webhook delivery started so far has been answered. */
  delivered(): Promise<void>;
  /** A human writes on the forum (as the UI would); the webhook goes out. Returns the post. */
  humanPost(p: {
    username: string;
    raw: string;
    topicId?: number;
    title?: string;
    category?: number;
    replyTo?: number;
  }): Promise<FakePost>;
  /** The next `times` calls matching `match` answer `status` (429 with Retry-After `retryAfterS`). */
  fail(match: Matcher, status: number, opts?: { times?: number; retryAfterS?: number }): void;
  /** The next matching call takes effect, but its response never comes (a lost acknowledgement). */
  hangNext(match: Matcher): void;
  topic(id: number): FakeTopic | undefined;
  /** Topics in a category, oldest first. */
  inCategory(category: number): FakeTopic[];
  /** Private-message topics sent to `username`. */
  messagesTo(username: string): FakeTopic[];
  /** Every live post, in creation order. */
  allPosts(): FakePost[];
  callsTo(match: Matcher): FakeCall[];
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
const cook = (raw: string) =>
  raw
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'topic';

export async function startFakeDiscourse(
  opts: { apiKey?: string; users?: string[] } = {},
): Promise<FakeDiscourse> {
  const apiKey = opts.apiKey ?? 'fake0discourse0api0key0000000000000000000000000000000000000000000';
  const users = opts.users ? new Set(opts.users.map((u) => u.toLowerCase())) : null;
  const spec = loadSpec();
  const calls: FakeCall[] = [];
  const topics = new Map<number, FakeTopic>();
  const posts = new Map<number, FakePost>();
  const faults: Array<{
    match: ReturnType<typeof toMatch>;
    status: number;
    retryAfterS?: number;
    hang?: boolean;
  }> = [];
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  const specProblems: string[] = [];
  const deliveries: FakeDiscourse['deliveries'] = [];
  const pending = new Set<Promise<void>>();
  let hook: { url: string; secret: string } | null = null;
  let nextTopic = 100;
  let nextPost = 1000;
  let nextEvent = 1;

  const postJson = (p: FakePost) => {
    const t = topics.get(p.topic_id)!;
    return {
      ...p,
      topic_slug: t.slug,
      topic_title: t.title,
      topic_archetype: t.archetype,
      category_id: t.category_id,
      post_url: `/t/${t.slug}/${t.id}/${p.post_number}`,
    };
  };

  const deliver = (p: FakePost) => {
    if (!hook) return;
    const target = hook;
    const eventId = String(nextEvent++);
    const body = JSON.stringify({ post: postJson(p) });
    const signature = `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`;
    const run = (async () => {
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-discourse-instance': 'http://fake-forum',
            'x-discourse-event-id': eventId,
            'x-discourse-event-type': 'post',
            'x-discourse-event': 'post_created',
            'x-discourse-event-signature': signature,
          },
          body,
        });
        const text = await res.text();
        let parsed: Json = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        deliveries.push({ eventId, postId: p.id, username: p.username, status: res.status, body: parsed });
      } catch (e) {
        deliveries.push({ eventId, postId: p.id, username: p.username, status: 0, body: String(e) });
      }
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const createPost = (topic: FakeTopic, username: string, raw: string, replyTo: number | null): FakePost => {
    const now = new Date().toISOString();
    const p: FakePost = {
      id: nextPost++,
      topic_id: topic.id,
      post_number: topic.posts.length + 1,
      username,
      name: username,
      raw,
      cooked: cook(raw),
      reply_to_post_number: replyTo,
      post_type: 1,
      created_at: now,
      updated_at: now,
      version: 1,
      edit_reason: null,
    };
    topic.posts.push(p);
    posts.set(p.id, p);
    deliver(p);
    return p;
  };

  const createTopic = (b: Json, username: string): FakeTopic => {
    const t: FakeTopic = {
      id: nextTopic++,
      title: String(b.title),
      slug: slugOf(String(b.title)),
      category_id: b.archetype === 'private_message' ? null : (b.category ?? 1),
      archetype: b.archetype === 'private_message' ? 'private_message' : 'regular',
      external_id: b.external_id ?? null,
      recipients:
        b.archetype === 'private_message'
          ? [
              username,
              ...String(b.target_recipients ?? '')
                .split(',')
                .map((s) => s.trim()),
            ].filter(Boolean)
          : [],
      posts: [],
      deleted: false,
    };
    topics.set(t.id, t);
    return t;
  };

  const unprocessable = (msg: string) => ({ status: 422, json: { action: 'create_post', errors: [msg] } });
  const notFound = () => ({
    status: 404,
    json: { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' },
  });
  const live = (id: number) => {
    const t = topics.get(id);
    return t && !t.deleted ? t : undefined;
  };
  const topicJson = (t: FakeTopic) => {
    const visible = t.posts;
    return {
      id: t.id,
      title: t.title,
      slug: t.slug,
      category_id: t.category_id,
      archetype: t.archetype,
      posts_count: visible.length,
      post_stream: { posts: visible.slice(0, 20).map(postJson), stream: visible.map((p) => p.id) },
    };
  };

  function route(
    method: string,
    path: string,
    query: Record<string, string | string[]>,
    body: Json,
    as: string,
  ): { status: number; json?: unknown; headers?: Record<string, string> } {
    if (path === '/posts.json' && method === 'POST') {
      if (typeof body?.raw !== 'string' || body.raw.length < 1) return unprocessable('Body is too short');
      if (body.topic_id !== undefined) {
        const t = live(Number(body.topic_id));
        if (!t) return notFound();
        const replyTo = body.reply_to_post_number ?? null;
        if (replyTo !== null && !t.posts.some((p) => p.post_number === replyTo))
          return unprocessable('reply_to_post_number does not exist');
        return { status: 200, json: postJson(createPost(t, as, body.raw, replyTo)) };
      }
      if (typeof body.title !== 'string' || body.title.length < 1) return unprocessable('Title is too short');
      if (body.archetype === 'private_message' && !body.target_recipients)
        return unprocessable('target_recipients is required for a private message');
      if (body.external_id && [...topics.values()].some((t) => t.external_id === body.external_id))
        return unprocessable('External ID has already been taken');
      const t = createTopic(body, as);
      return { status: 200, json: postJson(createPost(t, as, body.raw, null)) };
    }
    const ext = /^\/t\/external_id\/([^/]+)\.json$/.exec(path);
    if (ext && method === 'GET') {
      const t = [...topics.values()].find((x) => !x.deleted && x.external_id === ext[1]);
      if (!t) return notFound();
      // Discourse redirects to /t/{slug}/{id}.json; /t/{id}.json serves the same JSON.
      return { status: 301, headers: { location: `/t/${t.id}.json` } };
    }
    const tp = /^\/t\/(\d+)\/posts\.json$/.exec(path);
    if (tp && method === 'GET') {
      const t = live(Number(tp[1]));
      if (!t) return notFound();
      const raw = query['post_ids[]'] ?? [];
      const ids = (Array.isArray(raw) ? raw : [raw]).map(Number);
      return {
        status: 200,
        json: { id: t.id, post_stream: { posts: t.posts.filter((p) => ids.includes(p.id)).map(postJson) } },
      };
    }
    const tt = /^\/t\/(\d+)\.json$/.exec(path);
    if (tt) {
      const t = live(Number(tt[1]));
      if (!t) return notFound();
      if (method === 'GET') return { status: 200, json: topicJson(t) };
      if (method === 'DELETE') {
        t.deleted = true;
        return { status: 200 };
      }
    }
    const pp = /^\/posts\/(\d+)\.json$/.exec(path);
    if (pp) {
      const p = posts.get(Number(pp[1]));
      if (!p) return notFound();
      if (method === 'GET') return { status: 200, json: postJson(p) };
      if (method === 'PUT') {
        if (typeof body?.post?.raw !== 'string') return unprocessable('post.raw is required');
        p.raw = body.post.raw;
        p.cooked = cook(p.raw);
        p.version += 1;
        p.edit_reason = body.post.edit_reason ?? null;
        p.updated_at = new Date().toISOString();
        return { status: 200, json: { post: postJson(p) } };
      }
      if (method === 'DELETE') {
        const t = topics.get(p.topic_id)!;
        t.posts = t.posts.filter((x) => x.id !== p.id);
        posts.delete(p.id);
        return { status: 200 };
      }
    }
    return notFound();
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(u.pathname);
    const method = req.method ?? 'GET';
    const query: Record<string, string | string[]> = {};
    for (const k of new Set(u.searchParams.keys())) {
      const all = u.searchParams.getAll(k);
      query[k] = k.endsWith('[]') ? all : all[0]!;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: Json;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = { unparsable: rawBody };
    }
    const header = (n: string) => {
      const v = req.headers[n];
      return typeof v === 'string' ? v : null;
    };
    const call: FakeCall = {
      method,
      path,
      query,
      body,
      apiKey: header('api-key'),
      apiUsername: header('api-username'),
      status: 0,
    };
    calls.push(call);
    if (spec) specProblems.push(...spec.check(call));
    if (!call.apiKey || !call.apiUsername)
      specProblems.push(`${method} ${path}: without Api-Key and Api-Username headers`);
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
          {
            errors: ['You’ve performed this action too many times. Please wait before trying again.'],
            error_type: 'rate_limit',
            extras: { wait_seconds: after },
          },
          { 'retry-after': String(after) },
        );
      } else send(fault.status, { errors: [`${fault.status}: fault injected`] });
      return;
    }
    if (call.apiKey !== apiKey || (users && !users.has((call.apiUsername ?? '').toLowerCase()))) {
      send(403, {
        errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'],
        error_type: 'invalid_access',
      });
      return;
    }
    const out = route(method, path, query, body, call.apiUsername!);
    if (fault?.hang) {
      call.status = -1;
      hung.add(res);
      return;
    }
    send(out.status, out.json, out.headers);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const delivered = async () => {
    while (pending.size) await Promise.all([...pending]);
  };
  const allPosts = () =>
    [...topics.values()]
      .filter((t) => !t.deleted)
      .flatMap((t) => t.posts)
      .sort((a, b) => a.id - b.id);

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    calls,
    topics,
    specProblems,
    specChecked: spec !== null,
    deliveries,
    deliverTo(url, secret) {
      hook = { url, secret };
    },
    delivered,
    async humanPost(p) {
      let topic: FakeTopic;
      if (p.topicId !== undefined) {
        const t = live(p.topicId);
        if (!t) throw new Error(`no topic ${p.topicId}`);
        topic = t;
      } else topic = createTopic({ title: p.title ?? 'A question', category: p.category ?? 1 }, p.username);
      const post = createPost(topic, p.username, p.raw, p.replyTo ?? null);
      await delivered();
      return post;
    },
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
    topic: (id) => live(id),
    inCategory: (category) => [...topics.values()].filter((t) => !t.deleted && t.category_id === category),
    messagesTo: (username) =>
      [...topics.values()].filter(
        (t) => !t.deleted && t.archetype === 'private_message' && t.recipients.includes(username),
      ),
    allPosts,
    callsTo: (match) => calls.filter((c) => toMatch(match)(c.method, c.path)),
    async close() {
      for (const r of hung) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
