// Snapshots of every format of one digest (built from fixed figures, so no database is needed), and the
// chart's PNG: it decodes with the expected size.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngSize, rasterizeSvg } from '../../../src/chart-png.ts';
import {
  buildDigest,
  CHART_HEIGHT,
  CHART_WIDTH,
  Digest,
  type DigestFigures,
  renderChartSvg,
  renderForumTopic,
  renderHtml,
  renderMarkdown,
} from '../../../src/governance/digest/index.ts';

const from = new Date('2026-10-28T04:00:00Z');
const to = new Date('2026-11-04T05:00:00Z');

const figures: DigestFigures = {
  cells: [
    {
      category: 'scope',
      agent: 'helper-bot',
      channel: 'C-eng',
      platform: 'local',
      outcome: 'approved',
      n: 4,
    },
    {
      category: 'scope',
      agent: 'helper-bot',
      channel: 'C-eng',
      platform: 'local',
      outcome: 'released',
      n: 3,
    },
    {
      category: 'secret',
      agent: 'helper-bot',
      channel: 'C-eng',
      platform: 'local',
      outcome: 'redacted',
      n: 2,
    },
    { category: 'pii', agent: 'deploy-bot', channel: null, platform: 'slack', outcome: 'rejected', n: 1 },
    { category: 'link', agent: 'deploy-bot', channel: 'C|ops', platform: 'slack', outcome: 'pending', n: 2 },
    {
      category: 'other',
      agent: 'deploy-bot',
      channel: 'C-ops',
      platform: 'slack',
      outcome: 'auto_published',
      n: 40,
    },
    {
      category: 'secret',
      agent: 'deploy-bot',
      channel: 'C-ops',
      platform: 'slack',
      outcome: 'blocked',
      n: 1,
    },
  ],
  previous: [
    { outcome: 'approved', n: 2 },
    { outcome: 'auto_published', n: 30 },
  ],
  decisions: { decided: 10, medianMs: 95_000, p90Ms: 3_700_000, previousMedianMs: 200_000 },
  oldestPending: [
    {
      actionId: 'act_1',
      agent: 'deploy-bot',
      platform: 'slack',
      channel: 'C|ops',
      kind: 'post',
      category: 'link',
      reasons: ['link.shortener'],
      heldAt: new Date('2026-11-01T10:00:00Z'),
    },
  ],
  patterns: [
    {
      agent: 'helper-bot',
      kind: 'reply',
      code: 'scope.unrequested_kind',
      request: 'please analyze the logs',
      n: 5,
    },
    {
      agent: 'helper-bot',
      kind: 'reply',
      code: 'scope.unrequested_kind',
      request: 'Analyze <#C1> today',
      n: 2,
    },
    { agent: 'deploy-bot', kind: 'post', code: 'scope.no_request', request: null, n: 1 },
  ],
  reviewers: [
    {
      reviewerId: 'rvw_a',
      name: 'alice',
      decisions: 12,
      approvals: 12,
      edits: 0,
      rejections: 0,
      fast: 4,
      medianMs: 6_000,
    },
    {
      reviewerId: 'rvw_b',
      name: 'bob',
      decisions: 3,
      approvals: 1,
      edits: 1,
      rejections: 1,
      fast: 0,
      medianMs: 300_000,
    },
  ],
  agentEvents: [
    {
      type: 'paused',
      agent: 'deploy-bot',
      at: new Date('2026-11-02T09:00:00Z'),
      actor: 'reviewer:rvw_b',
      reason: 'leak',
    },
  ],
  retractions: [
    {
      actionId: 'act_9',
      agent: 'helper-bot',
      at: new Date('2026-10-29T08:00:00Z'),
      actor: 'reviewer:rvw_a',
      reason: null,
    },
  ],
  daily: [
    { date: '2026-10-28', category: 'scope', n: 3 },
    { date: '2026-10-28', category: 'secret', n: 2 },
    { date: '2026-10-30', category: 'scope', n: 4 },
    { date: '2026-11-01', category: 'pii', n: 1 },
    { date: '2026-11-01', category: 'link', n: 2 },
  ],
};

const digest = buildDigest(figures, {
  from,
  to,
  previousFrom: new Date(from.getTime() - (to.getTime() - from.getTime())),
  timeZone: 'America/New_York',
  now: to,
  baseUrl: 'https://airlock.example.com',
  fastApprovalMs: 10_000,
});

describe('digest formats', () => {
  it('is valid against its schema, and JSON round-trips', () => {
    expect(Digest.parse(JSON.parse(JSON.stringify(digest)))).toEqual(digest);
    expect(digest.reviewers[0]?.warnings.map((w) => w.code)).toEqual([
      'fast_approvals',
      'approves_everything',
    ]);
  });

  it('JSON', async () => {
    await expect(`${JSON.stringify(digest, null, 2)}\n`).toMatchFileSnapshot('__snapshots__/digest.json');
  });

  it('Markdown', async () => {
    await expect(renderMarkdown(digest)).toMatchFileSnapshot('__snapshots__/digest.md');
  });

  it('forum topic', async () => {
    const topic = renderForumTopic(digest, 'upload://chart.png');
    expect(topic.title).toBe('Airlock digest 2026-10-28 to 2026-11-04: 12 held');
    await expect(topic.body).toMatchFileSnapshot('__snapshots__/digest.forum.md');
  });

  it('HTML (SVG chart inline)', async () => {
    const svg = renderChartSvg(digest);
    await expect(
      renderHtml(digest, { chart: { svg, width: CHART_WIDTH, height: CHART_HEIGHT } }),
    ).toMatchFileSnapshot('__snapshots__/digest.html');
  });

  it('chart SVG', async () => {
    await expect(renderChartSvg(digest)).toMatchFileSnapshot('__snapshots__/chart.svg');
  });

  it('the PNG decodes with the chart size, and HTML embeds it', () => {
    const png = rasterizeSvg(renderChartSvg(digest));
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    if (process.env['DIGEST_PNG_OUT']) writeFileSync(join(tmpdir(), 'airlock-digest-chart.png'), png);
    const html = renderHtml(digest, { chart: { png, width: CHART_WIDTH, height: CHART_HEIGHT } });
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toMatch(/<style|<script/);
  });
});
