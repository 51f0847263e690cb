// A real Airlock (HTTP on an ephemeral port, real database, marker classifier) with the production
// mounts (/mcp) and platforms (the external `mcp` platform the proxy executes), for the HTTP, stdio and
// proxy tests.
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';

export async function startMcpAirlock(): Promise<TestAirlock & { mcpUrl: string }> {
  const t = await startTestAirlock({ classifier: markerClassifier() });
  return { ...t, mcpUrl: `${t.url}/mcp` };
}

/** Approves or rejects as the test reviewer, through the HTTP API. */
export async function review(t: TestAirlock, id: string, verdict: 'approve' | 'reject'): Promise<void> {
  // An approval names the content hash the reviewer saw.
  const seen = await t.api('GET', `/v1/actions/${id}`, { token: t.reviewerToken });
  const body = verdict === 'approve' ? { content_hash: seen.body.content_hash } : {};
  const res = await t.api('POST', `/v1/actions/${id}/${verdict}`, { token: t.reviewerToken, body });
  if (res.status !== 200) throw new Error(`${verdict} ${id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Records a human request for the test agent, as a platform would. */
export async function recordRequest(t: TestAirlock, text: string): Promise<string> {
  const res = await t.api('POST', '/v1/requests', {
    token: t.reviewerToken,
    body: {
      text,
      requester: { id: 'U100', name: 'Sam' },
      platform: 'local',
      origin: { channel: 'general', thread: null },
      agent_id: t.agentId,
    },
  });
  if (res.status !== 201) throw new Error(`record request: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body.id);
}
