// Issue 13 item 2: every tool's error path, through the SDK's own Client, against a real Airlock: callTool
// resolves (never throws -32602 on the output schema), isError is set, and the text says what to do.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentMcpServer } from '../../../src/agents/mcp/server.ts';
import type { Agent } from '../../../src/governance/model.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { textOf } from './helpers.ts';

let t: TestAirlock;
let client: Client;
let otherActionId: string;

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() });
  const agent = (await t.airlock.gov.agents.authenticateAgent(t.agentToken)) as Agent;
  const server = createAgentMcpServer({
    gateway: t.airlock.gov.agents,
    agent,
    platforms: t.airlock.platforms,
    maxWaitMs: 2_000,
  });
  const [c, s] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'errors-test', version: '1' });
  await Promise.all([server.connect(s), client.connect(c)]);
  // An action of another agent: invisible to this one.
  const other = await t.airlock.gov.admin.addAgent('other-agent');
  const r = await t.api('POST', '/v1/actions', {
    token: other.token,
    body: { request_id: null, action: { kind: 'post', channel: 'general', text: 'mine [hold]' } },
  });
  otherActionId = r.body.id;
});
afterAll(async () => {
  await client.close();
  await t.close();
});

type Case = [tool: string, args: Record<string, unknown>, expected: RegExp];
const cases: Case[] = [
  ['get_action_status', { action_id: 'act_unknown' }, /not_found.*Check the id/s],
  ['get_action_status', { action_id: '' }, /action_id/],
  ['get_action_status', { action_id: 'a\u0000b' }, /^(?=.*action_id)(?=.*NUL)/s],
  ['wait_for_decision', { action_id: 'act_unknown', timeout_seconds: 1 }, /not_found/],
  ['wait_for_decision', { action_id: 'act_x', timeout_seconds: 10_000 }, /timeout_seconds/],
  ['get_request', { request_id: 'req_unknown' }, /not_found.*Check the id/s],
  ['get_request', { request_id: 'r\ud800' }, /^(?=.*request_id)(?=.*surrogate)/s],
  ['list_requests', { since: '-010000-01-01T00:00:00Z' }, /since/],
  ['list_requests', { since: '0000-01-01T00:00:00Z' }, /since/],
  ['list_requests', { limit: 0 }, /limit/],
  ['post_message', { channel: 'general', text: '' }, /text/],
  ['post_message', { channel: 'general', text: 'hi', request_id: 'req_nope' }, /request_id|not_found/],
  ['post_message', { channel: 'general', text: 'hi', platform: 'nowhere' }, /platform.*not configured/s],
  ['post_message', { channel: 'gen\u0000eral', text: 'hi' }, /^(?=.*channel)(?=.*NUL)/s],
  ['reply_in_thread', { channel: 'general', text: 'hi' }, /thread/],
  ['reply_in_thread', { channel: 'general', thread: 't', text: 'a\udc00' }, /^(?=.*text)(?=.*surrogate)/s],
  ['send_direct_message', { text: 'hi' }, /recipient/],
  ['send_direct_message', { recipient: 'sam', text: 'hi', platform: 'nowhere' }, /platform/],
  [
    'suggest_config_change',
    { description: 'x', system: 's', operation: 'o', details: { d: nested(200) } },
    /^(?=.*details)(?=.*nested too deeply)/s,
  ],
  ['suggest_config_change', { description: 'x', system: '', operation: 'o' }, /system/],
  ['read_thread', { channel: 'general', thread: 'x\u0000' }, /thread/],
  ['read_thread', { channel: 'general', thread: 't', platform: 'nowhere' }, /platform/],
  ['list_channels', { platform: 'nowhere' }, /platform/],
];

function nested(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

describe('MCP tool errors reach the agent as readable tool results', () => {
  it('covers every tool', async () => {
    const { tools } = await client.listTools();
    const covered = new Set(cases.map((c) => c[0]));
    for (const tool of tools) expect(covered, `no error case for ${tool.name}`).toContain(tool.name);
  });

  it.each(cases)('%s %j', async (tool, args, expected) => {
    const result = await client.callTool({ name: tool, arguments: args });
    expect(result.isError, JSON.stringify(result)).toBe(true);
    expect(textOf(result)).toMatch(expected);
    // An error carries no structuredContent: it would have to pass the tool's output schema.
    expect(result.structuredContent).toBeUndefined();
  });

  it("answers not_found for another agent's action, without revealing it", async () => {
    const result = await client.callTool({
      name: 'get_action_status',
      arguments: { action_id: otherActionId },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not_found/);
    expect(textOf(result)).not.toContain('mine');
  });

  it('an unknown tool is a readable error too', async () => {
    const result = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no_such_tool/);
  });
});
