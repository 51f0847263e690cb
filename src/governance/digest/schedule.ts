// The weekly digest, posted once per period and target however many Airlock processes run: each
// period is claimed in the store (a unique row) before it is posted, and the ref recorded after.
// A period missed while Airlock was down is posted when it comes back (the last few, oldest first).
import type { Platform, PlatformRef } from '../ports.ts';
import { renderChartSvg, CHART_HEIGHT, CHART_WIDTH } from './chart.ts';
import { computeDigest, type DigestSettings } from './compute.ts';
import type { DigestRuns, DigestSource } from './figures.ts';
import { lastScheduledPeriod, type WeeklySchedule } from './period.ts';

export interface DigestTarget {
  platform: string;
  /** A review channel; null for the platform's default. */
  channel: string | null;
}

export const targetKey = (t: DigestTarget): string => `${t.platform}:${t.channel ?? ''}`;

export interface DigestScheduleDeps {
  source: DigestSource;
  runs: DigestRuns;
  platforms: ReadonlyMap<string, Platform>;
  now: () => Date;
  settings: DigestSettings;
  schedule: WeeklySchedule;
  targets: DigestTarget[];
  /** SVG → PNG; without it the chart goes out as SVG only. */
  rasterize?: ((svg: string) => Uint8Array | Promise<Uint8Array>) | undefined;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void } | undefined;
  /** Missed periods posted on return, at most. */
  catchUp?: number;
}

const SLACK_MS = 2 * 3_600_000;

export interface PostedDigest {
  target: string;
  from: Date;
  to: Date;
  ref: PlatformRef | null;
}

/** Posts every due, unclaimed period; returns what this caller posted. Safe to call on every tick. */
export async function runDueDigests(deps: DigestScheduleDeps): Promise<PostedDigest[]> {
  const now = deps.now();
  const latest = lastScheduledPeriod(deps.schedule, now);
  const posted: PostedDigest[] = [];
  for (const target of deps.targets) {
    const platform = deps.platforms.get(target.platform);
    if (!platform) continue;
    const key = targetKey(target);
    const last = await deps.runs.last(key);
    const periods: Array<{ from: Date; to: Date }> = [];
    // Walk back from the latest period to the last one posted. DST moves the local hour by at most an
    // hour, so compare with slack.
    let p = latest;
    for (let i = 0; i < (deps.catchUp ?? 4); i++) {
      if (last && p.from.getTime() <= last.getTime() + SLACK_MS) break;
      periods.unshift(p);
      if (!last) break;
      p = lastScheduledPeriod(deps.schedule, p.from);
    }
    for (const period of periods) {
      if (!(await deps.runs.claim(key, period.from, period.to, now))) continue;
      try {
        const digest = await computeDigest(
          { source: deps.source, now: deps.now, settings: deps.settings },
          { from: period.from, to: period.to, timeZone: deps.schedule.timeZone },
        );
        const svg = renderChartSvg(digest);
        const png = deps.rasterize ? await deps.rasterize(svg) : undefined;
        const ref = await platform.postDigest({
          digest,
          chart: png ? { png, svg, width: CHART_WIDTH, height: CHART_HEIGHT } : undefined,
          channel: target.channel,
        });
        await deps.runs.finish(key, period.from, { ref, error: null, at: deps.now() });
        deps.log?.info({ target: key, from: period.from, ref }, 'digest posted');
        posted.push({ target: key, from: period.from, to: period.to, ref });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        await deps.runs.finish(key, period.from, { ref: null, error, at: deps.now() }).catch(() => {});
        deps.log?.warn({ target: key, from: period.from, err: error }, 'digest not posted; retried later');
      }
    }
  }
  return posted;
}
