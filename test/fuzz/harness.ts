// The fuzz of every inbound endpoint (issue 13 item 1): fast-check generates requests for every /v1 route
// (real HTTP on an ephemeral port, real database) and calls for every MCP tool (the SDK's own Client
// against the real server and gateway). It fails on any 5xx, any crash (uncaught exception or unhandled
// rejection), any state change by a refused request (the audit head moves on every change), any publish,
// and any MCP call the SDK client throws on (an error result that breaks the tool's output schema).
// `npm run fuzz` runs it with FUZZ_COUNT inputs (default 100,000); test/fuzz/api.fuzz.ts runs a sample (`npm run test:fuzz`).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import fc from 'fast-check';
import { createAgentMcpServer } from '../../src/agents/mcp/server.ts';
import type { Agent } from '../../src/governance/model.ts';
import { startTestAirlock, type TestAirlock } from '../helpers/airlock.ts';
import { holdForSecurity } from '../helpers/classifiers.ts';

export interface FuzzReport {
  http: number;
  mcp: number;
  byStatus: Record<string, number>;
  failures: string[];
  ms: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const hostileChars = [
  '\u0000',
  '\ud800',
  '\udc00',
  '\ud83d\ude80',
  '\uffff',
  '\u202e',
  '%',
  '/',
  '..',
  '\\',
  '"',
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...hostileChars),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...hostileChars), fc.string({ maxLength: 10 }))
    .map(([a, b, c]) => a + b + c),
  fc.constantFrom('', ' ', 'x'.repeat(5_000), '-010000-01-01', '+275760-09-13', '0000-01-01', 'NaN', '1e309'),
);
/** Nested JSON, sometimes absurdly deep (built iteratively; JSON.stringify handles ~5,000 levels). */
const deepValue = fc.integer({ min: 1, max: 3_000 }).map((n) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const anyJson = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: deepValue },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
/** A valid-looking object with fields replaced by hostile values. */
const mutated = (base: Record<string, unknown>) =>
  fc
    .record({
      drop: fc.subarray(Object.keys(base)),
      set: fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(base)), hostileString), anyJson, {
        maxKeys: 3,
      }),
    })
    .map(({ drop, set }) => {
      const o: Record<string, unknown> = { ...base };
      for (const k of drop) delete o[k];
      return { ...o, ...set };
    });

const action = fc.oneof(
  mutated({ kind: 'post', channel: 'general', text: 'hello' }),
  mutated({ kind: 'reply', channel: 'general', thread: 't1', text: 'hello' }),
  mutated({ kind: 'dm', recipient: 'sam', text: 'hi' }),
  mutated({
    kind: 'config_change',
    text: 'invite',
    channel: 'general',
    change: { system: 'slack', operation: 'invite_user', target: 'general', details: { user: 'U1' } },
  }),
  fc.record({
    kind: fc.constant('config_change'),
    text: fc.constant('x'),
    change: fc.record({
      system: fc.constant('s'),
      operation: fc.constant('o'),
      details: fc.dictionary(hostileString, anyJson, { maxKeys: 3 }),
    }),
  }),
);

type Who = 'agent' | 'reviewer' | 'integration' | 'none' | 'garbage';
interface HttpInput {
  method: string;
  path: string;
  who: Who;
  body: string | undefined;
  contentType: string | undefined;
}

export async function runFuzz(opts: {
  count: number;
  seed?: number;
  log?: (s: string) => void;
}): Promise<FuzzReport> {
  const started = performance.now();
  const failures: string[] = [];
  const byStatus: Record<string, number> = {};
  const crashes: string[] = [];
  const onCrash = (e: unknown) => crashes.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const integration = 'fuzz-integration-token-0123456789';
  const t: TestAirlock = await startTestAirlock(
    { classifier: holdForSecurity },
    { AIRLOCK_INTEGRATION_TOKEN: integration, AIRLOCK_WORKER_INTERVAL_MS: '1000' },
  );
  let http = 0;
  let mcp = 0;
  try {
    // Fixtures the generated requests can name.
    const rec = await t.api('POST', '/v1/requests', {
      token: t.reviewerToken,
      body: {
        text: 'post in general',
        requester: { id: 'U1' },
        platform: 'local',
        origin: { channel: 'general' },
        agent_id: t.agentId,
      },
    });
    const held = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: { request_id: null, action: { kind: 'post', channel: 'general', text: 'held' } },
    });
    const ids = [String(held.body.id), String(rec.body.id), 'act_unknown', 'req_unknown'];
    const tokens: Record<Who, string | undefined> = {
      agent: t.agentToken,
      reviewer: t.reviewerToken,
      integration,
      none: undefined,
      garbage: 'alk_agent_\u00ff\u00fe',
    };

    const id = fc.oneof(
      fc.constantFrom(...ids),
      hostileString.map((s) => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'))),
      fc.constantFrom('%00', '%ED%A0%80', '%C0%80', '%', '%2e%2e', 'a'.repeat(600)),
    );
    const query = fc.dictionary(
      fc.constantFrom('status', 'limit', 'since', 'timeout_ms', 'x'),
      fc.oneof(hostileString, fc.integer().map(String), fc.constantFrom('0', '1', '200', 'held')),
      { maxKeys: 3 },
    );
    const body = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record(
          {
            request_id: fc.oneof(fc.constant(null), fc.constantFrom(...ids), hostileString),
            action,
            context: maybe(anyJson),
            platform: maybe(fc.oneof(fc.constantFrom('local', 'mcp'), hostileString)),
          },
          { requiredKeys: ['action'] },
        ),
      },
      {
        weight: 2,
        arbitrary: mutated({
          text: 'post it',
          requester: { id: 'U1' },
          platform: 'local',
          origin: { channel: 'general' },
        }),
      },
      { weight: 2, arbitrary: mutated({ reason: 'ok', text: 'edited' }) },
      { weight: 2, arbitrary: mutated({ ok: true, ref: 'r1' }) },
      { weight: 2, arbitrary: mutated({ type: 'mcp.read', data: { a: 1 } }) },
      { weight: 2, arbitrary: anyJson },
    );
    const routes: Array<[string, string]> = [
      ['POST', '/v1/requests'],
      ['POST', '/v1/actions'],
      ['GET', '/v1/actions'],
      ['GET', '/v1/actions/:id'],
      ['GET', '/v1/actions/:id/wait'],
      ['POST', '/v1/actions/:id/approve'],
      ['POST', '/v1/actions/:id/reject'],
      ['POST', '/v1/actions/:id/withdraw'],
      ['POST', '/v1/actions/:id/claim'],
      ['POST', '/v1/actions/:id/complete'],
      ['GET', '/v1/agent/me'],
      ['GET', '/v1/agent/requests'],
      ['GET', '/v1/agent/requests/:id'],
      ['POST', '/v1/agent/audit'],
    ];
    const httpInput: fc.Arbitrary<HttpInput> = fc
      .record({
        route: fc.constantFrom(...routes),
        id,
        query,
        who: fc.constantFrom<Who>('agent', 'agent', 'reviewer', 'integration', 'none', 'garbage'),
        body,
        rawBody: fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('{', '[1,', 'null', '"x"', '{"a":\u0000}', '\ud800'),
          fc.string({ unit: 'binary', maxLength: 30 }),
        ),
        contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', undefined),
      })
      .map(({ route: [method, tpl], id, query, who, body, rawBody, contentType }) => {
        let q = new URLSearchParams(query as Record<string, string>).toString();
        // Wait routes are bounded so one input never stalls the run.
        if (tpl.endsWith('/wait')) q = q.replace(/timeout_ms=[^&]*/g, '') + '&timeout_ms=0';
        const path = tpl.replace(':id', id) + (q ? `?${q}` : '');
        let text: string | undefined;
        if (method === 'POST') text = rawBody ?? JSON.stringify(body);
        return { method, path, who, body: text, contentType: method === 'POST' ? contentType : undefined };
      });

    const head = async () => (await t.airlock.store.audit.head()).seq;
    // One read per input: the head after the previous input is the head before this one.
    let lastHead = await head();
    const headMoved = async () => {
      const now = await head();
      const moved = now !== lastHead;
      lastHead = now;
      return moved;
    };
    const publishedCount = async () => (await t.airlock.store.actions.countByStatus())['published'] ?? 0;

    async function sendHttp(input: HttpInput): Promise<void> {
      const token = tokens[input.who];
      let status: number;
      let text: string;
      try {
        const res = await fetch(t.url + input.path, {
          method: input.method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(input.contentType ? { 'content-type': input.contentType } : {}),
          },
          body: input.body,
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        // A client-side refusal (e.g. an invalid header) never reached the server.
        if (e instanceof TypeError && /header|ByteString|Invalid URL/i.test(String(e.message ?? e))) return;
        throw e;
      }
      http++;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const what = `${input.method} ${input.path} as ${input.who} body=${(input.body ?? '').slice(0, 300)}`;
      if (status >= 500) failures.push(`${status} on ${what}: ${text.slice(0, 300)}`);
      if ((await headMoved()) && status >= 400) failures.push(`state changed by refused ${status} ${what}`);
    }

    // MCP: the SDK's own Client against the real agent server and gateway.
    const agent = (await t.airlock.gov.agents.authenticateAgent(t.agentToken)) as Agent;
    const server = createAgentMcpServer({
      gateway: t.airlock.gov.agents,
      agent,
      platforms: t.airlock.platforms,
      maxWaitMs: 1_000,
    });
    const [c, s] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'fuzz', version: '1' });
    await Promise.all([server.connect(s), client.connect(c)]);
    const { tools } = await client.listTools();
    const toolArgs = fc.record({
      name: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...tools.map((x) => x.name)) },
        { weight: 1, arbitrary: hostileString },
      ),
      args: fc.dictionary(
        fc.oneof(
          fc.constantFrom(
            'channel',
            'text',
            'thread',
            'recipient',
            'request_id',
            'action_id',
            'platform',
            'idempotency_key',
            'description',
            'system',
            'operation',
            'target',
            'subject',
            'details',
            'limit',
            'since',
            'timeout_seconds',
          ),
          hostileString,
        ),
        fc.oneof(anyJson, fc.constantFrom(...ids), fc.constant(1)),
        { maxKeys: 6 },
      ),
    });
    async function callMcp({ name, args }: { name: string; args: Record<string, unknown> }) {
      mcp++;
      try {
        const r = await client.callTool({ name, arguments: args });
        if (r.isError) {
          const text = JSON.stringify(r.content);
          if (/internal error|Airlock could not complete/i.test(text))
            failures.push(
              `MCP internal error on ${name} ${JSON.stringify(args).slice(0, 300)}: ${text.slice(0, 300)}`,
            );
        }
        // A failed platform read is audited by design (who tried to read what); nothing else may write.
        const auditedRead = name === 'read_thread' || name === 'list_channels';
        if ((await headMoved()) && r.isError && !auditedRead)
          failures.push(`state changed by refused MCP ${name} ${JSON.stringify(args).slice(0, 300)}`);
      } catch (e) {
        failures.push(
          `MCP callTool threw on ${name} ${JSON.stringify(args).slice(0, 300)}: ${String(e).slice(0, 300)}`,
        );
      }
    }

    const mcpShare = Math.floor(opts.count / 4);
    const httpShare = opts.count - mcpShare;
    const seed = opts.seed ?? Date.now() % 1_000_000;
    opts.log?.(
      `fuzz seed ${seed}: ${httpShare} HTTP inputs, ${mcpShare} MCP calls (setup ${Math.round(performance.now() - started)} ms)`,
    );
    const chunk = 500;
    for (let done = 0; done < httpShare; done += chunk) {
      const n = Math.min(chunk, httpShare - done);
      const batch = fc.sample(httpInput, { numRuns: n, seed: seed + done });
      for (const input of batch) await sendHttp(input);
      opts.log?.(
        `http ${done + n}/${httpShare} (${failures.length} failures, ${Math.round(performance.now() - started)} ms)`,
      );
      if (failures.length > 20) break;
    }
    for (let done = 0; done < mcpShare; done += chunk) {
      const n = Math.min(chunk, mcpShare - done);
      const batch = fc.sample(toolArgs, { numRuns: n, seed: seed + 7 + done });
      for (const input of batch) await callMcp(input as { name: string; args: Record<string, unknown> });
      opts.log?.(`mcp ${done + n}/${mcpShare} (${failures.length} failures)`);
      if (failures.length > 20) break;
    }
    await client.close();
    if ((await publishedCount()) !== 0) failures.push('an action was published during the fuzz');
    const health = await t.api('GET', '/healthz');
    if (health.status !== 200) failures.push(`server unhealthy after the fuzz: ${health.status}`);
  } finally {
    await t.close();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
  for (const c of crashes) failures.push(`crash: ${c.slice(0, 500)}`);
  return { http, mcp, byStatus, failures, ms: Math.round(performance.now() - started) };
}
