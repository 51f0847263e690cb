// `airlock mcp-proxy` spawned for real in front of real upstream servers from npm, reviewing through a real
// Airlock: a read passes, a write is held, approved, then performed once; a rejected write never runs.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAirlock } from '../../helpers/airlock.ts';
import { airlockCommand } from './cli.ts';
import { textOf } from './helpers.ts';
import { review, startMcpAirlock } from './real-airlock.ts';
import { missingUpstreams, upstreamBin } from './upstreams.ts';

const actionOf = (r: CallToolResult | Record<string, unknown>) =>
  ((r as CallToolResult)._meta?.['dev.airlock/action'] ?? {}) as { action_id?: string; status?: string };

const skip = missingUpstreams('mcp-server-filesystem', 'mcp-server-everything');

describe.skipIf(skip !== null)(
  `airlock mcp-proxy (spawned, real server)${skip ? ` — ${skip}` : ''}`,
  { timeout: 120_000 },
  () => {
    let t: TestAirlock & { mcpUrl: string };
    let root: string;
    const clients: Client[] = [];

    async function proxy(upstreamCommand: string, ...extra: string[]): Promise<Client> {
      const { command, args } = airlockCommand(
        'mcp-proxy',
        '--upstream-command',
        upstreamCommand,
        '--wait-seconds',
        '1',
        ...extra,
      );
      const client = new Client({ name: 'agent', version: '1' });
      const env = { PATH: process.env['PATH'] ?? '', AIRLOCK_AGENT_TOKEN: t.agentToken, AIRLOCK_URL: t.url };
      await client.connect(new StdioClientTransport({ command, args, env, stderr: 'ignore' }));
      clients.push(client);
      return client;
    }

    beforeAll(async () => {
      t = await startMcpAirlock();
      root = mkdtempSync(join(tmpdir(), 'airlock-proxy-real-'));
    });
    afterAll(async () => {
      for (const c of clients) await c.close().catch(() => undefined);
      await t?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('filesystem: a read passes; a write is held, approved, then performed exactly once', async () => {
      const fs = await proxy(`${upstreamBin('mcp-server-filesystem')} ${root}`, '--name', 'files');
      writeFileSync(join(root, 'readme.txt'), 'hello from the upstream');
      const read = await fs.callTool({
        name: 'read_text_file',
        arguments: { path: join(root, 'readme.txt') },
      });
      expect(read.isError).toBeFalsy();
      expect(textOf(read)).toContain('hello from the upstream');

      const file = join(root, 'report.txt');
      const args = { path: file, content: 'quarterly numbers [hold]' };
      const held = await fs.callTool({ name: 'write_file', arguments: args });
      expect(held.isError).toBe(true);
      expect(textOf(held)).toMatch(/Held for review.*has NOT run/s);
      expect(existsSync(file)).toBe(false);
      const id = actionOf(held).action_id!;
      const view = await t.api('GET', `/v1/actions/${id}`, { token: t.reviewerToken });
      expect(view.body).toMatchObject({
        kind: 'config_change',
        platform: 'mcp',
        status: 'held',
        change: { system: 'mcp:files', operation: 'write_file', target: file, details: { arguments: args } },
      });

      await review(t, id, 'approve');
      const ran = await fs.callTool({ name: 'write_file', arguments: args });
      expect(ran.isError).toBeFalsy();
      expect(readFileSync(file, 'utf8')).toBe('quarterly numbers [hold]');
      const after = await t.api('GET', `/v1/actions/${id}`, { token: t.reviewerToken });
      expect(after.body).toMatchObject({ status: 'published' });

      writeFileSync(file, 'edited by a human');
      const again = await fs.callTool({ name: 'write_file', arguments: args });
      expect(textOf(again)).toMatch(/already ran once/);
      expect(readFileSync(file, 'utf8')).toBe('edited by a human');
      const status = await fs.callTool({ name: 'get_action_status', arguments: { action_id: id } });
      expect(textOf(status)).toMatch(/already ran/);
    });

    it('filesystem: a rejected write never reaches the upstream', async () => {
      const fs = await proxy(`${upstreamBin('mcp-server-filesystem')} ${root}`);
      const file = join(root, 'never.txt');
      const args = { path: file, content: 'should not exist [hold]' };
      const held = await fs.callTool({ name: 'write_file', arguments: args });
      await review(t, actionOf(held).action_id!, 'reject');
      const r = await fs.callTool({ name: 'write_file', arguments: args });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/rejected/);
      const s = await fs.callTool({
        name: 'get_action_status',
        arguments: { action_id: actionOf(held).action_id! },
      });
      expect(actionOf(s).status).toBe('rejected');
      expect(existsSync(file)).toBe(false);
    });

    it('filesystem: a write the policy publishes runs at once', async () => {
      const fs = await proxy(`${upstreamBin('mcp-server-filesystem')} ${root}`);
      const dir = join(root, 'created-now');
      const r = await fs.callTool({ name: 'create_directory', arguments: { path: dir } });
      expect(r.isError).toBeFalsy();
      expect(existsSync(dir)).toBe(true);
      expect(actionOf(r).status).toBe('published');
    });

    it('everything: reads pass, a state-changing tool is held, and read results are scanned', async () => {
      const secret = `ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)}`;
      const everything = await proxy(
        `env AIRLOCK_TEST_TOKEN=${secret} ${upstreamBin('mcp-server-everything')} stdio`,
      );
      const names = (await everything.listTools()).tools.map((x) => x.name);
      expect(names).toEqual(
        expect.arrayContaining(['echo', 'get-sum', 'toggle-simulated-logging', 'get_action_status']),
      );
      const sum = await everything.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
      expect(textOf(sum)).toMatch(/5/);
      const echo = await everything.callTool({ name: 'echo', arguments: { message: 'ping' } });
      expect(textOf(echo)).toMatch(/ping/);
      expect(names).not.toContain('simulate-research-query'); // requires task augmentation, which the proxy does not offer
      const toggled = await everything.callTool({
        name: 'gzip-file-as-resource',
        arguments: { name: 'notes [hold]', data: 'aGVsbG8=' },
      });
      expect(toggled.isError).toBe(true);
      expect(actionOf(toggled).status).toBe('held');
      const env = await everything.callTool({ name: 'get-env', arguments: {} });
      expect(textOf(env)).not.toContain(secret);
      expect(textOf(env)).toMatch(/\[REDACTED:secret\.[a-z_]+\]/);
      expect(textOf(env)).toMatch(/Airlock redacted 1 item/);
    });
  },
);
