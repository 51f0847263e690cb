// The firewall proxy in process: SDK client ⇄ proxy over InMemoryTransport, the fake gateway as Airlock,
// and the real @modelcontextprotocol/server-filesystem from npm as the upstream.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectUpstream,
  createProxyPolicy,
  createProxyServer,
  ToolPins,
  type Upstream,
} from '../../../src/agents/mcp/proxy/index.ts';
import type { Detector } from '../../../src/governance/detect/types.ts';
import type { Agent } from '../../../src/governance/model.ts';
import { FakeGateway } from './fake-gateway.ts';
import { textOf } from './helpers.ts';
import { missingUpstreams, upstreamBin } from './upstreams.ts';

/** A stand-in for detectAll: a fake live key is a secret, an e-mail address is personal data. */
export const testDetector: Detector = (text) => {
  const out: ReturnType<Detector> = [];
  for (const m of text.matchAll(/sk_live_[A-Za-z0-9]{10,}/g)) {
    out.push({
      code: 'secret.test_key',
      category: 'secret',
      severity: 'critical',
      message: 'key',
      span: [m.index, m.index + m[0].length],
    });
  }
  for (const m of text.matchAll(/[\w.]+@[\w.]+\.\w+/g)) {
    out.push({
      code: 'pii.email',
      category: 'pii',
      severity: 'medium',
      message: 'email',
      span: [m.index, m.index + m[0].length],
    });
  }
  return out;
};

const actionOf = (r: CallToolResult | Record<string, unknown>) =>
  ((r as CallToolResult)._meta?.['dev.airlock/action'] ?? {}) as { action_id?: string; status?: string };

const skip = missingUpstreams('mcp-server-filesystem');

describe.skipIf(skip !== null)(
  `MCP proxy in process (filesystem upstream)${skip ? ` — ${skip}` : ''}`,
  () => {
    let gateway: FakeGateway;
    let agent: Agent;
    let root: string;
    let upstream: Upstream;
    let client: Client;

    async function start(policy: unknown = {}) {
      upstream = await connectUpstream(
        { command: upstreamBin('mcp-server-filesystem')!, args: [root], stderr: 'ignore' },
        'fs',
      );
      const proxy = createProxyServer({
        gateway,
        agent,
        upstream,
        policy: createProxyPolicy(policy),
        pins: new ToolPins('fs'),
        detect: testDetector,
        waitMs: 300,
      });
      const [c, s] = InMemoryTransport.createLinkedPair();
      client = new Client({ name: 'agent', version: '1' });
      await Promise.all([proxy.server.connect(s), client.connect(c)]);
    }

    beforeEach(() => {
      gateway = new FakeGateway();
      agent = gateway.addAgent('helper-bot', 'tok');
      root = mkdtempSync(join(tmpdir(), 'airlock-proxy-'));
    });
    afterEach(async () => {
      await client?.close();
      await upstream?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('lists upstream tools, marking the governed ones, and adds get_action_status', async () => {
      await start({ hide: ['move_file'] });
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(byName.has('move_file')).toBe(false);
      expect(byName.get('get_action_status')).toBeDefined();
      expect(byName.get('read_text_file')?.description).not.toMatch(/Airlock/);
      expect(byName.get('write_file')?.description).toMatch(/reviewed before they run/);
      expect(Object.keys(byName.get('write_file')?.inputSchema.properties ?? {})).toContain(
        'airlock_request_id',
      );
      expect(byName.get('write_file')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
      const hidden = await client.callTool({
        name: 'move_file',
        arguments: { source: 'a', destination: 'b' },
      });
      expect(hidden.isError).toBe(true);
    });

    it('passes reads through, audited, with secrets and personal data redacted', async () => {
      writeFileSync(join(root, 'notes.txt'), 'key sk_live_abcdefghijkl mail sam@example.com end');
      await start();
      const r = await client.callTool({
        name: 'read_text_file',
        arguments: { path: join(root, 'notes.txt') },
      });
      expect(r.isError).toBeFalsy();
      expect(textOf(r)).toContain('key [REDACTED:secret.test_key] mail [REDACTED:pii.email] end');
      expect(textOf(r)).not.toContain('sk_live_');
      expect(gateway.audits.map((a) => a.type)).toEqual(
        expect.arrayContaining(['mcp.proxy.read', 'mcp.proxy.redacted']),
      );
      expect(gateway.actions.size).toBe(0);
    });

    it('holds a write, then runs it exactly once after approval', async () => {
      await start();
      const file = join(root, 'out.txt');
      const args = { path: file, content: 'hello' };
      const held = await client.callTool({ name: 'write_file', arguments: args });
      expect(held.isError).toBe(true);
      expect(textOf(held)).toMatch(/Held for review.*has NOT run/s);
      expect(existsSync(file)).toBe(false);
      const action = gateway.latest();
      expect(action).toMatchObject({ kind: 'config_change', platform: 'mcp', status: 'held' });
      expect(action.change).toMatchObject({
        system: 'mcp:fs',
        operation: 'write_file',
        target: file,
        details: { arguments: args },
      });

      gateway.approve(action.id);
      const again = await client.callTool({ name: 'write_file', arguments: args });
      expect(again.isError).toBeFalsy();
      expect(readFileSync(file, 'utf8')).toBe('hello');
      expect(gateway.actions.get(action.id)?.status).toBe('published');
      expect(gateway.actions.size).toBe(1);

      writeFileSync(file, 'changed by someone else');
      const third = await client.callTool({ name: 'write_file', arguments: args });
      expect(textOf(third)).toMatch(/already ran once/);
      expect(readFileSync(file, 'utf8')).toBe('changed by someone else');
    });

    it('runs an approved call through get_action_status', async () => {
      await start();
      const file = join(root, 'via-status.txt');
      const held = await client.callTool({ name: 'write_file', arguments: { path: file, content: 'x' } });
      const id = actionOf(held).action_id!;
      const still = await client.callTool({ name: 'get_action_status', arguments: { action_id: id } });
      expect(actionOf(still).status).toBe('held');
      gateway.approve(id);
      const ran = await client.callTool({ name: 'get_action_status', arguments: { action_id: id } });
      expect(ran.isError).toBeFalsy();
      expect(readFileSync(file, 'utf8')).toBe('x');
    });

    it('never runs a rejected write', async () => {
      await start();
      const file = join(root, 'never.txt');
      const held = await client.callTool({ name: 'write_file', arguments: { path: file, content: 'no' } });
      gateway.reject(actionOf(held).action_id!);
      const after = await client.callTool({ name: 'write_file', arguments: { path: file, content: 'no' } });
      expect(after.isError).toBe(true);
      expect(textOf(after)).toMatch(/rejected/);
      expect(existsSync(file)).toBe(false);
    });

    it('hides tools per agent', async () => {
      await start({ agents: { 'helper-bot': { allow: ['read_*', 'list_*'] } } });
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('read_text_file');
      expect(names).not.toContain('write_file');
      const r = await client.callTool({
        name: 'write_file',
        arguments: { path: join(root, 'x'), content: 'x' },
      });
      expect(textOf(r)).toMatch(/Unknown tool/);
    });
  },
);
