// The incident Airlock answers, replayed end to end: a requester asks an agent to analyze a colleague's
// forum question; the agent tries to answer publicly, advising to add a broad group to a production ACL;
// Airlock holds it and tells the requester; a reviewer rejects; the agent answers the requester privately
// and that publishes; the audit trail prints. The agent speaks MCP (the SDK client over Streamable HTTP)
// with its own token; the reviewer and the integration use the HTTP API; what people see is read back
// from the local platform. Nothing here touches the database.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type Api, apiClient, DemoStepError } from './http.ts';

export interface DemoTarget {
  url: string;
  agentToken: string;
  reviewerToken: string;
  /** Records the human request: the integration token, else the reviewer's. */
  recorderToken: string;
  /** Reviewers the demo knows by id, to name them on the audit trail. */
  reviewers?: Array<{ id: string; name: string }>;
}

export const SCENE = {
  requester: { id: 'sam', name: 'Sam' },
  /** Where Sam asked: a direct conversation with the agent on the local platform. */
  origin: { channel: 'dm-sam', thread: null },
  forum: { channel: 'infra-help', thread: 'topic-4182' },
  ask: "Can you analyze Priya's question in #infra-help about the failing billing export and tell me what you think?",
  publicReply:
    "Hi Priya! The export fails because the job can't read the prod-billing bucket. Quickest fix: add the all-engineers group to the prod-billing ACL with read-write access and rerun the job.",
  rejectReason:
    'Do not advise widening a production ACL in public. Tell Sam privately; the fix is the one service account.',
  privateAnswer:
    "My read of Priya's question: the export job runs as the billing-export service account, which lost read access to the prod-billing bucket in last week's cleanup. The narrow fix is to restore read access for that one service account, reviewed by the bucket owners; nobody else needs access.",
};

interface View {
  id: string;
  status: string;
  decision: string;
  in_scope: boolean;
  risk: string;
  text: string;
  reasons: Array<{ code: string; category: string; message: string; span?: [number, number] }>;
  approvals: { count: number; group: string } | null;
  platform_ref: string | null;
  expires_at: string | null;
}

interface LocalMessage {
  id: string;
  type: string;
  channel: string | null;
  recipient: string | null;
  text: string;
  data: Record<string, unknown>;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  type: string;
  action_id: string | null;
  data: Record<string, unknown>;
}

export type Out = (line: string) => void;

const quote = (text: string, indent = '            ') =>
  text
    .split('\n')
    .map((l) => `${indent}│ ${l}`)
    .join('\n');

/** The text with each reason's span marked «like this», as the card and the console highlight it. */
export function marked(text: string, spans: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < at || e <= s || e > text.length) continue;
    out += `${text.slice(at, s)}«${text.slice(s, e)}»`;
    at = e;
  }
  return out + text.slice(at);
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new DemoStepError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown };

function textOf(result: ToolResult): string {
  const parts = Array.isArray(result.content)
    ? (result.content as Array<{ type: string; text?: string }>)
    : [];
  return parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('\n');
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  if (result.isError) throw new DemoStepError(`MCP tool ${name} failed: ${textOf(result)}`);
  return { data: (result.structuredContent ?? {}) as Record<string, unknown>, text: textOf(result) };
}

async function localMessages(api: Api, token: string, query: Record<string, string>) {
  const qs = new URLSearchParams(query).toString();
  return (await api<{ messages: LocalMessage[] }>('GET', `/v1/local/messages?${qs}`, token)).messages;
}

/** Plays the incident against `target`; returns the ids it created. Throws DemoStepError on a failed step. */
export async function playIncident(
  target: DemoTarget,
  out: Out,
  runId: string,
): Promise<{ requestId: string; heldId: string; publishedId: string }> {
  const api = apiClient(target.url);
  const { url } = target;
  const me = await api<{ id: string; name: string }>('GET', '/v1/agent/me', target.agentToken);

  out('');
  out(`[1/7] Request   Sam asks ${me.name} in a direct conversation on the local platform:`);
  out(quote(SCENE.ask));
  const request = await api<{ id: string; provenance: string }>(
    'POST',
    '/v1/requests',
    target.recorderToken,
    {
      text: SCENE.ask,
      requester: SCENE.requester,
      platform: 'local',
      origin: SCENE.origin,
      agent_id: me.id,
    },
  );
  out(`            Airlock recorded it as ${request.id} (provenance: ${request.provenance}).`);

  out('');
  out(`[2/7] Agent     ${me.name} connects to ${url}/mcp (MCP, Streamable HTTP) with its agent token.`);
  const client = new Client({ name: 'airlock-demo-agent', version: '1' });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${target.agentToken}` } },
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    out(`            tools: ${tools.map((t) => t.name).join(', ')}`);
    const inbox = await call(client, 'list_requests', { limit: 20 });
    const mine = (inbox.data['requests'] as Array<{ request_id: string }> | undefined)?.find(
      (r) => r.request_id === request.id,
    );
    if (!mine) throw new DemoStepError(`list_requests did not show ${request.id}`);
    out(`            list_requests shows ${request.id}. It drafts a public answer in Priya's thread:`);
    out(`            reply_in_thread #${SCENE.forum.channel} (thread ${SCENE.forum.thread}):`);
    out(quote(SCENE.publicReply));
    const reply = await call(client, 'reply_in_thread', {
      channel: SCENE.forum.channel,
      thread: SCENE.forum.thread,
      text: SCENE.publicReply,
      request_id: request.id,
      idempotency_key: `demo-${runId}-public`,
    });
    const heldId = String(reply.data['action_id']);
    const held = await api<View>('GET', `/v1/actions/${heldId}`, target.reviewerToken);
    if (held.status !== 'held')
      throw new DemoStepError(
        `expected the public ACL advice to be held, but Airlock says ${held.status} (${held.reasons.map((r) => r.code).join(', ')})`,
      );
    out('');
    out(
      `[3/7] Airlock   HELD ${heldId}: in scope ${held.in_scope ? 'yes' : 'no'}, risk ${held.risk}` +
        (held.approvals ? `, needs ${held.approvals.count} approval from group ${held.approvals.group}` : ''),
    );
    for (const r of held.reasons) out(`            - ${r.category}: ${r.message} [${r.code}]`);
    const spans = held.reasons.flatMap((r) => (r.span ? [r.span] : []));
    if (spans.length) out(`            marked: ${marked(held.text, spans)}`);
    out(
      `            The agent's tool result says: status ${String(reply.data['status'])}; "${String(reply.data['next_step'])}"`,
    );

    out('');
    const notice = await until('the requester notice', async () => {
      const [n] = await localMessages(api, target.reviewerToken, { type: 'notice', action_id: heldId });
      return n ?? null;
    });
    out(`[4/7] Requester Sam sees, in ${notice.channel} on the local platform:`);
    out(quote(notice.text));
    const card = await until('the review card', async () => {
      const [c] = await localMessages(api, target.reviewerToken, { type: 'review_card', action_id: heldId });
      return c ?? null;
    });
    out(`      Card      reviewers see, in #${card.channel}:`);
    out(quote(card.text));
    out(`            Console: ${url}/console/actions/${heldId}`);

    out('');
    // The agent waits for the decision over MCP while the reviewer decides.
    const waiting = call(client, 'wait_for_decision', { action_id: heldId, timeout_seconds: 30 });
    const rejected = await api<View>('POST', `/v1/actions/${heldId}/reject`, target.reviewerToken, {
      reason: SCENE.rejectReason,
    });
    out(`[5/7] Reviewer  rejects over the HTTP API with a reviewer token: "${SCENE.rejectReason}"`);
    out(`            ${heldId} is now ${rejected.status}; nothing was posted in #${SCENE.forum.channel}.`);
    const outcome = await until('the updated notice', async () => {
      const [n] = await localMessages(api, target.reviewerToken, { type: 'notice', action_id: heldId });
      return n && n.data['status'] === 'rejected' ? n : null;
    });
    out(`            Sam's notice now reads:`);
    out(quote(outcome.text));
    const decided = await waiting;
    out(
      `            The agent's wait_for_decision returns: status ${String(decided.data['status'])}; "${String(decided.data['next_step'])}"`,
    );
    const posted = await localMessages(api, target.reviewerToken, {
      type: 'message',
      action_id: heldId,
    });
    if (posted.length) throw new DemoStepError('the rejected reply reached the platform');

    out('');
    out(`[6/7] Agent     answers Sam privately instead: send_direct_message to ${SCENE.requester.id}:`);
    out(quote(SCENE.privateAnswer));
    const dm = await call(client, 'send_direct_message', {
      recipient: SCENE.requester.id,
      text: SCENE.privateAnswer,
      request_id: request.id,
      idempotency_key: `demo-${runId}-private`,
    });
    const dmId = String(dm.data['action_id']);
    let final = dm;
    if (dm.data['status'] !== 'published' && dm.data['final'] !== true)
      final = await call(client, 'wait_for_decision', { action_id: dmId, timeout_seconds: 30 });
    const status = String(final.data['status']);
    if (status !== 'published')
      throw new DemoStepError(
        `expected the private answer to publish, but Airlock says ${status}: ${final.text.split('\n')[0]}`,
      );
    const [delivered] = await localMessages(api, target.reviewerToken, { type: 'message', action_id: dmId });
    if (!delivered) throw new DemoStepError(`${dmId} is published but the local platform has no message`);
    out(
      `      Airlock   PUBLISHED ${dmId}: in scope ${dm.data['in_scope'] ? 'yes' : 'no'}, risk ${String(dm.data['risk'])}; ` +
        `the local platform shows message ${delivered.id} to ${delivered.recipient}.`,
    );

    out('');
    const audit = await api<{
      events: AuditRow[];
      chain?: { ok: boolean; events: number; problem?: string };
    }>('GET', `/v1/audit?request_id=${encodeURIComponent(request.id)}&verify=true`, target.reviewerToken);
    const chain = audit.chain;
    out(
      `[7/7] Audit     the trail of ${request.id} (${audit.events.length} events; ` +
        (chain?.ok
          ? `the whole hash chain verified: ${chain.events} events intact`
          : `HASH CHAIN BROKEN: ${chain?.problem}`) +
        '):',
    );
    const actors = new Map([[`agent:${me.id}`, `agent ${me.name}`]]);
    // Reviewer names, when the reviewer may list reviewers (an admin, like the demo reviewer of `npm start`).
    const reviewers = await api<{ reviewers: Array<{ id: string; name: string }> }>(
      'GET',
      '/v1/reviewers',
      target.reviewerToken,
    ).catch(() => ({ reviewers: [] }));
    for (const r of [...reviewers.reviewers, ...(target.reviewers ?? [])])
      actors.set(`reviewer:${r.id}`, `reviewer ${r.name}`);
    for (const e of audit.events) {
      const who = actors.get(e.actor) ?? e.actor;
      const what = e.action_id ? ` ${e.action_id}` : '';
      const to = typeof e.data['to'] === 'string' ? ` → ${e.data['to']}` : '';
      out(`            #${e.seq} ${e.at.slice(11, 23)} ${e.type}${what}${to}  (${who})`);
    }
    if (!chain?.ok) throw new DemoStepError('the audit trail does not verify');
    return { requestId: request.id, heldId, publishedId: dmId };
  } finally {
    await client.close().catch(() => undefined);
  }
}
