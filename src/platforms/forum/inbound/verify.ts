// Webhook signature check: Discourse signs the raw body with HMAC-SHA256 under the webhook's secret and
// sends `X-Discourse-Event-Signature: sha256=<hex>`. Compared in constant time. Pure: no clock, no state.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; why: string };

export function signatureOf(secret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  rawBody: Buffer,
): VerifyResult {
  const given = headers['x-discourse-event-signature'];
  if (!given) return { ok: false, why: 'missing X-Discourse-Event-Signature' };
  if (!/^sha256=[0-9a-fA-F]{64}$/.test(given)) return { ok: false, why: 'malformed signature' };
  const expected = Buffer.from(signatureOf(secret, rawBody), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    return { ok: false, why: 'bad signature' };
  return { ok: true };
}

/**
 * Event ids already handled (or in flight), so a redelivered event changes nothing. Bounded: the oldest
 * ids are forgotten first; the store's own guards (a request per post, a decision per post) remain.
 */
export class SeenEvents {
  private readonly seen = new Set<string>();
  constructor(private readonly max = 50_000) {}

  /** True the first time `id` is offered. */
  first(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.max) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  /** Forgets `id` (its handling failed, so a redelivery should be handled). */
  forget(id: string): void {
    this.seen.delete(id);
  }
}
