// Computing a digest on demand (CLI, HTTP, schedule): period → store aggregates → Digest.
import { buildDigest } from './build.ts';
import type { DigestSource } from './figures.ts';
import { assertTimeZone, parseSince } from './period.ts';
import type { Digest } from './types.ts';

export interface DigestSettings {
  timeZone: string;
  /** Airlock's public URL, for links into the console. */
  baseUrl: string;
  fastApprovalMs: number;
  oldestPending: number;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  timeZone: 'UTC',
  baseUrl: 'http://127.0.0.1:8080',
  fastApprovalMs: 10_000,
  oldestPending: 5,
};

export interface DigestRequest {
  /** `7d`, `24h`, a date or an instant; ignored when `from` is given. */
  since?: string | undefined;
  from?: Date | undefined;
  /** Default: now. */
  to?: Date | undefined;
  timeZone?: string | undefined;
}

export async function computeDigest(
  deps: { source: DigestSource; now: () => Date; settings: DigestSettings },
  req: DigestRequest = {},
): Promise<Digest> {
  const now = deps.now();
  const timeZone = assertTimeZone(req.timeZone ?? deps.settings.timeZone);
  const to = req.to ?? now;
  const from = req.from ?? parseSince(req.since, to, timeZone);
  const length = Math.max(0, to.getTime() - from.getTime());
  const previousFrom = new Date(from.getTime() - length);
  const figures = await deps.source.figures({
    from,
    to,
    previousFrom,
    timeZone,
    fastApprovalMs: deps.settings.fastApprovalMs,
    oldestLimit: deps.settings.oldestPending,
    patternGroups: 500,
    now,
  });
  return buildDigest(figures, {
    from,
    to,
    previousFrom,
    timeZone,
    now,
    baseUrl: deps.settings.baseUrl,
    fastApprovalMs: deps.settings.fastApprovalMs,
  });
}
