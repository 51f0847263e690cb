import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'airlock-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/airlock.mjs', 'policy', 'check', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const bad = [
  'version: 1',
  'rules:',
  '  - name: ext',
  '    match: { channel: "ext-*", colour: red }',
  '    decision: hold',
  '  - name: rest',
  '    decision: hodl',
  '',
].join('\n');

describe('airlock policy check', () => {
  it('prints ok for the shipped default policy', async () => {
    expect(await run(['policy/default.yaml'])).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  it('prints every problem as file:line:col and exits 1', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, bad);
    const { code, stdout } = await run([path]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${path}:4:32: rules[0].match.colour: unknown key "colour" (allowed here: platform, channel, agent, kind, in_scope, categories, risk, blocking)`,
      `${path}:7:15: rules[1].decision: must be one of publish, hold, block`,
    ]);
  });

  it('prints JSON with --json', async () => {
    const path = join(dir, 'bad-json.yaml');
    writeFileSync(path, bad);
    const failed = await run([path, '--json']);
    expect(failed.code).toBe(1);
    const body = JSON.parse(failed.stdout) as { ok: boolean; errors: Array<Record<string, unknown>> };
    expect(body.ok).toBe(false);
    expect(body.errors[1]).toEqual({
      file: path,
      line: 7,
      column: 15,
      path: 'rules[1].decision',
      message: 'must be one of publish, hold, block',
    });
    const passed = await run(['policy/default.yaml', '--json']);
    expect(passed).toMatchObject({ code: 0, stdout: '{"ok":true}\n' });
  });

  it('exits 1 naming the file when it cannot be read', async () => {
    const { code, stderr } = await run([join(dir, 'nope.yaml')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read policy file .*nope\.yaml \(ENOENT\)/);
  });
});
