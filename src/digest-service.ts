// The digest wired to real things: the store's aggregates, the platforms, the PNG rasterizer and the
// weekly timer. main.ts creates one per Airlock; the CLI and GET /v1/digest use it on demand.
import type { Config } from './config.ts';
import { rasterizeSvg } from './chart-png.ts';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  computeDigest,
  type Digest,
  type DigestRequest,
  type DigestSettings,
  type DigestTarget,
  lastScheduledPeriod,
  type PostedDigest,
  renderChartSvg,
  renderHtml,
  renderMarkdown,
  runDueDigests,
} from './governance/digest/index.ts';
import type { Platform, Store } from './governance/ports.ts';

export const DIGEST_FORMATS = ['json', 'md', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface DigestService {
  settings: DigestSettings;
  compute(req?: DigestRequest): Promise<Digest>;
  /** The latest complete weekly period (AIRLOCK_DIGEST_DAY/HOUR): the one the schedule posted last. */
  latestWeeklyPeriod(): { from: Date; to: Date };
  /** The digest as text in one format (HTML embeds the chart as PNG). */
  render(digest: Digest, format: DigestFormat): string;
  chart(digest: Digest): { svg: string; png: Uint8Array; width: number; height: number };
  /** Posts every due scheduled digest this process wins the claim for. */
  runDue(): Promise<PostedDigest[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function parseTargets(spec: string): DigestTarget[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'none' && s !== 'off')
    .map((s) => {
      const i = s.indexOf(':');
      return i < 0
        ? { platform: s, channel: null }
        : { platform: s.slice(0, i), channel: s.slice(i + 1) || null };
    });
}

export function createDigestService(deps: {
  store: Store;
  platforms: ReadonlyMap<string, Platform>;
  config: Config;
  now: () => Date;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}): DigestService {
  const settings: DigestSettings = {
    timeZone: deps.config.AIRLOCK_TIME_ZONE,
    baseUrl: deps.config.publicUrl,
    fastApprovalMs: 10_000,
    oldestPending: 5,
  };
  const chart = (digest: Digest) => {
    const svg = renderChartSvg(digest);
    return { svg, png: rasterizeSvg(svg), width: CHART_WIDTH, height: CHART_HEIGHT };
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = {
    day: DAYS.indexOf(deps.config.AIRLOCK_DIGEST_DAY),
    hour: deps.config.AIRLOCK_DIGEST_HOUR,
    timeZone: deps.config.AIRLOCK_TIME_ZONE,
  };
  const runDue = () =>
    runDueDigests({
      source: deps.store.digest,
      runs: deps.store.digestRuns,
      platforms: deps.platforms,
      now: deps.now,
      settings,
      schedule,
      targets: parseTargets(deps.config.AIRLOCK_DIGEST_TARGETS),
      rasterize: rasterizeSvg,
      log: deps.log,
    });
  return {
    settings,
    compute: (req = {}) => computeDigest({ source: deps.store.digest, now: deps.now, settings }, req),
    latestWeeklyPeriod: () => lastScheduledPeriod(schedule, deps.now()),
    render: (digest, format) => {
      if (format === 'json') return `${JSON.stringify(digest, null, 2)}\n`;
      if (format === 'md') return renderMarkdown(digest);
      return renderHtml(digest, { chart: chart(digest) });
    },
    chart,
    runDue,
    start: (intervalMs = 60_000) => {
      if (timer || !parseTargets(deps.config.AIRLOCK_DIGEST_TARGETS).length) return;
      const tick = () => {
        running = runDue().catch((e: unknown) =>
          deps.log?.warn({ err: String(e) }, 'digest schedule tick failed'),
        );
      };
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
