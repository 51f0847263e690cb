// Interaction signature check: Ed25519 over `timestamp + raw body` with the application's public key.
// node:crypto verifies Ed25519 natively (Node >= 12); the raw 32-byte key becomes a KeyObject through
// the fixed SPKI DER prefix of an Ed25519 key, so no extra library (tweetnacl, discord-interactions) is
// needed. Pure apart from the key: the current time is passed in.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('DISCORD_PUBLIC_KEY: expected 64 hex characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type VerifyResult = { ok: true; timestampMs: number } | { ok: false; why: string };

export function verifyInteraction(
  key: KeyObject,
  headers: Record<string, string | undefined>,
  rawBody: Buffer,
  nowMs: number,
  freshnessMs: number,
): VerifyResult {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (!signature || !timestamp) return { ok: false, why: 'missing signature headers' };
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, why: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, why: 'malformed timestamp' };
  const good = verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]),
    key,
    Buffer.from(signature, 'hex'),
  );
  if (!good) return { ok: false, why: 'bad signature' };
  const timestampMs = Number(timestamp) * 1000;
  if (Math.abs(nowMs - timestampMs) > freshnessMs) return { ok: false, why: 'stale timestamp' };
  return { ok: true, timestampMs };
}

/** Remembers interaction ids for a while so a replayed (correctly signed) body is refused. */
export class SeenIds {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 100_000,
  ) {}

  /** True the first time `id` is seen within the window. */
  first(id: string, nowMs: number): boolean {
    if (this.seen.size >= this.max || this.seen.size % 1024 === 0) this.sweep(nowMs);
    const until = this.seen.get(id);
    if (until !== undefined && until > nowMs) return false;
    this.seen.set(id, nowMs + this.ttlMs);
    return true;
  }

  private sweep(nowMs: number) {
    for (const [id, until] of this.seen) if (until <= nowMs) this.seen.delete(id);
    // Still full: drop the oldest; the freshness window refuses anything older anyway.
    while (this.seen.size >= this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
  }
}
