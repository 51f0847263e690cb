// Detector benchmark: throughput on a ~10 MB mixed corpus (READMEs = prose with links and code
// blocks, library source = code, generated chat messages), latency percentiles per message size,
// and a secret corpus scanned by our detectors and by secretlint's recommended preset side by side.
//
//   node --import tsx bench/detect.ts
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { detectAll, type Finding } from '../src/governance/detect/index.ts';
import { fakes, seeded } from '../test/governance/detect/fakes.ts';

const ROOT = join(import.meta.dirname, '..');
const TARGET_BYTES = 10_000_000;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function filesUnder(dir: string, ext: RegExp, limit: number): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (out.length >= limit || depth > 3) return;
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p, depth + 1);
      else if (ext.test(e) && st.size < 400_000) out.push(p);
      if (out.length >= limit) return;
    }
  };
  walk(dir, 0);
  return out;
}

function chatMessage(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const users = ['<@U02ABCD1234>', '<@U0XYZ987>', '@priya', '@sam', '<@123456789012345678>'];
  const lines = [
    'Deployed build 4821 to staging, smoke tests are green.',
    `Can you take a look at ${pick(['https://github.com/acme/api/pull/1832', 'https://docs.acme.io/runbooks/oncall', 'www.example.org/status'])}?`,
    `${pick(users)} the migration ran in 42s, p99 went from 180ms to 95ms.`,
    '```\nconst res = await fetch(url, { method: "POST", body: JSON.stringify(payload) });\nif (!res.ok) throw new Error(res.statusText);\n```',
    'Meeting moved to 3:30pm tomorrow (2024-06-12). Agenda in the doc.',
    'The error is `TypeError: cannot read properties of undefined (reading "id")` at handler.ts:88.',
    'I think we should retry with exponential backoff and cap it at 5 attempts.',
    `Thanks ${pick(users)}! Merged ${Math.floor(rnd() * 9000 + 1000)} and closed the ticket.`,
  ];
  let s = '';
  const n = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) s += `${pick(lines)}\n`;
  return s;
}

/** Deterministic ~10 MB corpus cut into messages of 200 B – 8 KB. */
export function buildCorpus(bytes = TARGET_BYTES): string[] {
  const rnd = seeded(7);
  const nm = join(ROOT, 'node_modules');
  const prose = readdirSync(nm)
    .sort()
    .map((d) => join(nm, d, 'README.md'))
    .filter(isFile);
  const code = [
    ...filesUnder(join(nm, 'fastify', 'lib'), /\.js$/, 40),
    ...filesUnder(join(nm, 'commander', 'lib'), /\.js$/, 10),
    ...filesUnder(join(nm, 'pg', 'lib'), /\.js$/, 30),
    ...filesUnder(join(nm, 'yaml', 'dist'), /\.js$/, 40),
    ...filesUnder(join(ROOT, 'src'), /\.ts$/, 80),
  ];
  const sources = [...prose, ...code].map((p) => readFileSync(p, 'utf8')).filter((t) => t.length > 500);
  const messages: string[] = [];
  let total = 0;
  while (total < bytes) {
    let msg: string;
    if (rnd() < 0.35) {
      msg = '';
      while (msg.length < 200 + rnd() * 1200) msg += chatMessage(rnd);
    } else {
      const src = sources[Math.floor(rnd() * sources.length)]!;
      const size = Math.floor(200 + rnd() * 7800);
      const start = Math.floor(rnd() * Math.max(1, src.length - size));
      msg = src.slice(start, start + size);
    }
    messages.push(msg);
    total += msg.length;
  }
  return messages;
}

const ns = (): bigint => process.hrtime.bigint();

function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

function latency(corpus: string, size: number, count: number): { p50: number; p99: number } {
  const rnd = seeded(size);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(rnd() * (corpus.length - size));
    const msg = corpus.slice(start, start + size);
    const t0 = ns();
    detectAll(msg);
    samples.push(Number(ns() - t0) / 1e6);
  }
  return percentiles(samples);
}

interface SecretCase {
  text: string;
  /** [start, end) of the planted secret; null for clean messages. */
  secret: [number, number] | null;
  family: string;
}

/** ~200 messages: planted fake secrets of many families, plus clean hard negatives. */
export function secretCorpus(): SecretCase[] {
  const f = fakes(2024);
  const rnd = seeded(99);
  const wraps = [
    (s: string) => `here is the key you asked for: ${s}`,
    (s: string) => `export TOKEN=${s}`,
    (s: string) => `{\n  "name": "deploy",\n  "credential": "${s}"\n}`,
    (s: string) => `I rotated it, new one is ${s} (expires in 90 days)`,
    (s: string) => `\`\`\`\nclient = Client("${s}")\n\`\`\``,
  ];
  const planted: [string, () => string, boolean?][] = [
    ['aws_access_key', f.awsAccessKey],
    ['github', f.githubToken],
    ['github_fine_grained', f.githubFineGrained],
    ['gitlab', f.gitlabToken],
    ['slack_bot', f.slackBotToken],
    ['slack_user', f.slackUserToken],
    ['slack_webhook', f.slackWebhook],
    ['discord_bot', f.discordBotToken],
    ['discord_webhook', f.discordWebhook],
    ['stripe', f.stripeLive],
    ['square', f.squareToken],
    ['braintree', f.braintreeToken],
    ['openai', f.openAiKey],
    ['openai_legacy', f.openAiLegacyKey],
    ['anthropic', f.anthropicKey],
    ['huggingface', f.huggingFaceToken],
    ['npm', f.npmToken],
    ['pypi', f.pypiToken],
    ['nuget', f.nugetKey],
    ['sendgrid', f.sendgridKey],
    ['twilio', f.twilioKey],
    ['mailgun', f.mailgunKey],
    ['gcp_api_key', f.gcpApiKey],
    ['shopify', f.shopifyToken],
    ['linear', f.linearKey],
    ['onepassword', f.onePasswordToken],
    ['databricks', f.databricksToken],
    ['digitalocean', f.digitalOceanToken],
    ['docker', f.dockerToken],
    ['vault', f.vaultToken],
    ['telegram', f.telegramToken],
    ['jwt', f.jwt],
  ];
  const cases: SecretCase[] = [];
  const plant = (family: string, before: string, secret: string, after = ''): void => {
    cases.push({ text: before + secret + after, secret: [before.length, before.length + secret.length], family });
  };
  for (let round = 0; round < 4; round++) {
    for (const [family, make] of planted) {
      const secret = make();
      const wrap = wraps[Math.floor(rnd() * wraps.length)]!;
      const text = wrap(secret);
      const at = text.indexOf(secret);
      cases.push({ text, secret: [at, at + secret.length], family });
    }
  }
  for (let i = 0; i < 3; i++) {
    plant('aws_secret_key', 'aws_secret_access_key = "', f.awsSecretKey(), '"');
    plant('private_key_rsa', 'key file:\n', f.rsaPrivateKey(), '\n');
    plant('private_key_openssh', '', f.opensshPrivateKey());
    plant('postgres_url', 'DATABASE_URL=postgres://app:', f.chars(18), '@db.prod.internal:5432/app');
    plant('mongodb_url', 'uri: mongodb+srv://svc:', f.chars(16), '@cluster0.ab1cd.mongodb.net/prod');
    plant('redis_url', 'REDIS_URL=redis://:', f.chars(20), '@cache.internal:6379/0');
    plant('amqp_url', 'amqp://worker:', f.chars(14), '@mq.internal:5672/jobs');
    plant('basic_auth_url', 'git clone https://deploy:', f.chars(16), '@git.acme.io/infra.git');
    plant('azure_storage', 'DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=', f.azureStorageKey(), ';EndpointSuffix=core.windows.net');
    plant('password_assignment', 'DB_PASSWORD="', f.password(), '"');
    plant('api_key_assignment', 'api_key: "', f.chars(32), '"');
    plant('evasion_zero_width', 'token: ', `ghp_${f.chars(10)}\u200b${f.chars(26)}`);
    plant('evasion_base64', 'blob: ', Buffer.from(`export GITHUB_TOKEN=${f.githubToken()}`).toString('base64'));
  }
  const clean = [
    'Fixed in commit 3f9c2a7e5b1d4c8a9e0f1a2b3c4d5e6f7a8b9c0d, see the PR.',
    'Request id 8f14e45f-ceea-467f-a3b2-9c1d2e3f4a5b failed with 502.',
    'image digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${f.chars(40, '+/ABCDEFGH')}" />`,
    'Use the documented example key AKIAIOSFODNN7EXAMPLE in the tutorial.',
    'token = os.environ["GITHUB_TOKEN"]  # never hard-code it',
    'password: ${DB_PASSWORD}',
    'Set SLACK_TOKEN=<your-token> in .env before running.',
    'api_key = "changeme"',
    'Reset your password from the settings page; the token expires after an hour.',
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is the placeholder format',
    'The build cache key is 0b1f5e3c9d2a4b6f8e0c1d3a5b7f9e2d4c6a8b0f.',
    'Run `npm ci && npm test` then `git push origin feature/login`.',
  ];
  for (let i = 0; cases.filter((c) => c.secret === null).length < 60; i++) {
    cases.push({ text: clean[i % clean.length]! + (i >= clean.length ? ` (#${i})` : ''), secret: null, family: 'clean' });
  }
  return cases;
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] < b[1] && b[0] < a[1];

async function secretlintScan(text: string): Promise<[number, number][]> {
  const result = await lintSource({
    source: { filePath: 'message.txt', content: text, contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, noPhysicFilePath: true },
  });
  return result.messages.map((m) => [m.range[0], m.range[1]]);
}

export async function runDetectBench(): Promise<Record<string, number>> {
  const messages = buildCorpus();
  const corpus = messages.join('\n');
  const bytes = messages.reduce((n, m) => n + Buffer.byteLength(m), 0);
  for (const m of messages.slice(0, 200)) detectAll(m); // warm up the JIT
  const t0 = ns();
  let findings = 0;
  for (const m of messages) findings += detectAll(m).length;
  const seconds = Number(ns() - t0) / 1e9;

  const out: Record<string, number> = {
    corpus_mb: bytes / 1e6,
    corpus_messages: messages.length,
    corpus_findings: findings,
    throughput_mb_s: bytes / 1e6 / seconds,
  };
  for (const [label, size, count] of [
    ['200b', 200, 5000],
    ['4kb', 4096, 2000],
    ['40kb', 40_960, 300],
  ] as const) {
    const { p50, p99 } = latency(corpus, size, count);
    out[`p50_ms_${label}`] = p50;
    out[`p99_ms_${label}`] = p99;
  }

  const cases = secretCorpus();
  for (const c of cases.slice(0, 20)) await secretlintScan(c.text);
  const ours: Finding[][] = [];
  const s0 = ns();
  for (let rep = 0; rep < 5; rep++) {
    for (let i = 0; i < cases.length; i++) ours[i] = detectAll(cases[i]!.text);
  }
  const oursMs = Number(ns() - s0) / 1e6 / 5;
  const theirs: [number, number][][] = [];
  const l0 = ns();
  for (const c of cases) theirs.push(await secretlintScan(c.text));
  const theirsMs = Number(ns() - l0) / 1e6;

  const planted = cases.filter((c) => c.secret);
  const hit = (spans: readonly (readonly [number, number])[], c: SecretCase) =>
    c.secret !== null && spans.some((s) => overlaps(s, c.secret!));
  let oursHits = 0;
  let theirsHits = 0;
  let oursFp = 0;
  let theirsFp = 0;
  cases.forEach((c, i) => {
    const mine = (ours[i] ?? []).filter((f) => f.category === 'secret').map((f) => f.span);
    const lint = theirs[i] ?? [];
    if (c.secret) {
      if (hit(mine, c)) oursHits++;
      if (hit(lint, c)) theirsHits++;
    } else {
      if (mine.length > 0) oursFp++;
      if (lint.length > 0) theirsFp++;
    }
  });
  Object.assign(out, {
    secret_cases: cases.length,
    secret_planted: planted.length,
    ours_ms: oursMs,
    secretlint_ms: theirsMs,
    speedup_x: theirsMs / oursMs,
    ours_recall: oursHits / planted.length,
    secretlint_recall: theirsHits / planted.length,
    ours_false_positive_messages: oursFp,
    secretlint_false_positive_messages: theirsFp,
  });
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runDetectBench();
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) {
    console.log(`${k.padEnd(width)}  ${Number.isInteger(v) ? v : v.toFixed(4)}`);
  }
}
