// Is this request from Slack? Bolt's v0 HMAC-SHA256 check (5-minute freshness), plus a replay guard: a
// signature seen within the freshness window is refused unless Slack marks it as its own retry.
import { verifySlackRequest } from '@slack/bolt';
import type { InboundRequest } from '../../platform.ts';

const FRESH_MS = 5 * 60_000;

export type Verdict = { ok: true } | { ok: false; status: number; why: string };

export interface Verifier {
  verify(req: InboundRequest): Verdict;
}

export function createVerifier(signingSecret: string, now: () => Date): Verifier {
  const seen = new Map<string, number>();
  const forget = (at: number) => {
    for (const [sig, t] of seen) if (at - t > FRESH_MS) seen.delete(sig);
  };
  return {
    verify(req) {
      const signature = req.headers['x-slack-signature'];
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (!signature || !Number.isFinite(timestamp))
        return { ok: false, status: 401, why: 'missing x-slack-signature or x-slack-request-timestamp' };
      const at = now().getTime();
      try {
        verifySlackRequest({
          signingSecret,
          body: req.rawBody.toString('utf8'),
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
          nowMilliseconds: at,
        });
      } catch (e) {
        return { ok: false, status: 401, why: (e as Error).message };
      }
      forget(at);
      if (seen.has(signature) && req.headers['x-slack-retry-num'] === undefined)
        return { ok: false, status: 401, why: 'replayed request (signature already seen)' };
      seen.set(signature, at);
      return { ok: true };
    },
  };
}
