// Runs the real `airlock classify` process (bin/airlock.mjs) the way a user replays traffic.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyLine, classifyStream } from '../../src/cli/commands/classify.ts';
import type { Classifier } from '../../src/governance/ports.ts';
import { holdAllClassifier } from '../helpers/classifiers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'airlock-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/airlock.mjs', 'classify', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const parseLines = (out: string): Array<Record<string, unknown>> =>
  out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function kase(id: string, channel = 'team-chat', text = 'Thanks, the deploy is done.') {
  return {
    id,
    request: {
      text: `Please post "${text}" in #${channel}`,
      requester: { id: 'U100', name: 'Sam' },
      platform: 'slack',
      origin: { channel: 'D-sam-agent', thread: null },
    },
    agent: { id: 'B900', name: 'helper-bot' },
    action: { kind: 'post', channel, text },
    context: { channels: [{ id: channel, name: channel, members: 12, private: false, external: false }] },
  };
}

const jsonl = (...items: unknown[]) =>
  `${items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n')}\n`;

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('airlock classify', () => {
  it('decides good lines in order, reports bad ones by line and field, and exits 2', async () => {
    const noChannel = { ...kase('c-3'), action: { kind: 'post', text: 'hi' } };
    const input = jsonl(kase('c-1'), '{"id": "c-2", "request": ', noChannel, '', kase('c-5'), { id: 7 });
    const { code, stdout } = await run([], input);
    expect(code).toBe(2);
    const out = parseLines(stdout);
    expect(out.map((o) => o['id'])).toEqual(['c-1', null, 'c-3', 'c-5', null]);
    expect(out[1]).toEqual({ id: null, error: { line: 2, message: expect.stringMatching(/^invalid JSON/) } });
    expect(out[2]).toEqual({
      id: 'c-3',
      error: { line: 3, message: 'action.channel: a post needs a channel' },
    });
    expect(out[4]).toMatchObject({ id: null, error: { line: 6, message: expect.stringContaining('id:') } });
    expect(out[4]?.['error']).toHaveProperty('message', expect.stringContaining('request: is required'));
    for (const i of [0, 3]) expect(['publish', 'hold', 'block']).toContain(out[i]?.['decision']);
  });

  it('reads --input, writes only the contract fields, and exits 0 when every line was decided', async () => {
    const path = file(
      'cases.jsonl',
      jsonl(kase('a'), kase('b', 'ext-acme', 'AKIA key? no: see the runbook')),
    );
    const { code, stdout } = await run(['--input', path]);
    expect(code).toBe(0);
    const out = parseLines(stdout);
    expect(out.map((o) => o['id'])).toEqual(['a', 'b']);
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['id', 'decision', 'in_scope', 'risk', 'reasons']);
      expect(['none', 'low', 'medium', 'high', 'critical']).toContain(o['risk']);
      expect(typeof o['in_scope']).toBe('boolean');
      for (const r of o['reasons'] as Array<Record<string, unknown>>) {
        expect(Object.keys(r).every((k) => ['code', 'category', 'message', 'span'].includes(k))).toBe(true);
        expect(r['code']).toMatch(/^[a-z_]+\.[a-z0-9_.-]+$/);
      }
    }
  });

  it('reads stdin with CRLF line ends and large inputs, keeping order', async () => {
    const n = 2_000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify(kase(`big-${i}`))).join('\r\n');
    const { code, stdout } = await run([], input);
    expect(code).toBe(0);
    const ids = parseLines(stdout).map((o) => o['id']);
    expect(ids).toHaveLength(n);
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => `big-${i}`));
  });

  it('decides with --policy and names the rule that decided', async () => {
    const policy = file(
      'custom.yaml',
      [
        'version: 1',
        'name: custom',
        'rules:',
        '  - name: no-external',
        '    match: { channel: "ext-*" }',
        '    decision: block',
        '  - name: publish-all',
        '    decision: publish',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await run(['--policy', policy], jsonl(kase('in'), kase('out', 'ext-acme')));
    expect(code).toBe(0);
    const [inside, outside] = parseLines(stdout);
    expect(inside).toMatchObject({ id: 'in', decision: 'publish' });
    expect(outside).toMatchObject({ id: 'out', decision: 'block' });
    expect(outside?.['reasons']).toContainEqual(
      expect.objectContaining({ code: 'policy.no-external', category: 'policy' }),
    );
    const codes = ((inside?.['reasons'] ?? []) as Array<{ code: string }>).map((r) => r.code);
    expect(codes).not.toContain('policy.no-external');
    expect(codes).toContain('policy.publish-all');
  });

  it('refuses an invalid policy file, naming file, line and column, and exits 1', async () => {
    const policy = file('bad.yaml', 'version: 1\nrules:\n  - name: x\n    decision: maybe\n');
    const { code, stdout, stderr } = await run(['--policy', policy], jsonl(kase('a')));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${policy}:4:15: rules[0].decision: must be one of publish, hold, block`);
  });

  it('exits 1 with a message when --input cannot be read', async () => {
    const { code, stderr } = await run(['--input', join(dir, 'missing.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read --input .*missing\.jsonl \(ENOENT\)/);
  });
});

describe('classifyLine and classifyStream (in process)', () => {
  const throwing: Classifier = {
    name: 'throws',
    classify: () => {
      throw new Error('boom');
    },
  };

  it('holds, as the live pipeline does, when the classifier throws', () => {
    const { out, failed } = classifyLine(JSON.stringify(kase('t')), 1, throwing);
    expect(failed).toBe(true);
    expect(out).toMatchObject({ id: 't', decision: 'hold', reasons: [{ code: 'policy.classifier_error' }] });
  });

  it('names the rule that decided when the classifier did not list it among the reasons', () => {
    const ruled: Classifier = {
      name: 'ruled',
      classify: () => ({ decision: 'publish', in_scope: true, risk: 'none', reasons: [], rule: 'policy.ok' }),
    };
    const { out } = classifyLine(JSON.stringify(kase('r')), 1, ruled);
    expect(out).toEqual({
      id: 'r',
      decision: 'publish',
      in_scope: true,
      risk: 'none',
      reasons: [{ code: 'policy.ok', category: 'policy', message: 'decided by policy.ok' }],
    });
  });

  it('waits for a slow reader instead of buffering everything', async () => {
    const n = 500;
    const seen: string[] = [];
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 256,
      write(chunk: Buffer, _enc, done) {
        seen.push(chunk.toString());
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        setImmediate(done);
      },
    });
    const input = Readable.from(Array.from({ length: n }, (_, i) => `${JSON.stringify(kase(`s-${i}`))}\n`));
    const summary = await classifyStream(input, slow, holdAllClassifier);
    expect(summary).toEqual({ lines: n, invalid: 0, failed: 0 });
    expect(seen.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(
      Array.from({ length: n }, (_, i) => `s-${i}`),
    );
    expect(maxBuffered).toBeLessThan(4096);
  });
});
