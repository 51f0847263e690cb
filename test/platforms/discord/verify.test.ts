// The signature check on its own: Ed25519 over timestamp + body, freshness, and replayed ids.
import { describe, expect, it } from 'vitest';
import {
  ed25519PublicKey,
  SeenIds,
  verifyInteraction,
} from '../../../src/platforms/discord/inbound/verify.ts';
import { signed, testKeys } from './signing.ts';

const keys = testKeys();
const other = testKeys();
const key = ed25519PublicKey(keys.publicKeyHex);
const NOW = Date.UTC(2030, 0, 1);
const WINDOW = 5 * 60_000;
const lower = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('verifyInteraction', () => {
  it('accepts a body signed with the application key', () => {
    const r = signed(keys, { type: 1 }, NOW);
    expect(verifyInteraction(key, lower(r.headers), Buffer.from(r.body), NOW, WINDOW)).toEqual({
      ok: true,
      timestampMs: NOW,
    });
  });

  it('refuses another key, a changed body, a changed timestamp, and missing or malformed headers', () => {
    const r = signed(keys, { type: 1 }, NOW);
    const h = lower(r.headers);
    const bad = (headers: Record<string, string | undefined>, body = r.body) =>
      verifyInteraction(key, headers, Buffer.from(body), NOW, WINDOW);
    const forged = signed(other, { type: 1 }, NOW);
    expect(bad(lower(forged.headers))).toEqual({ ok: false, why: 'bad signature' });
    expect(bad(h, '{"type":2}')).toEqual({ ok: false, why: 'bad signature' });
    expect(bad({ ...h, 'x-signature-timestamp': String(NOW / 1000 + 1) })).toEqual({
      ok: false,
      why: 'bad signature',
    });
    expect(bad({ ...h, 'x-signature-ed25519': undefined })).toEqual({
      ok: false,
      why: 'missing signature headers',
    });
    expect(bad({ ...h, 'x-signature-ed25519': 'zz' })).toEqual({ ok: false, why: 'malformed signature' });
    expect(bad({ ...h, 'x-signature-timestamp': 'soon' })).toEqual({ ok: false, why: 'malformed timestamp' });
  });

  it('refuses a correctly signed request outside the freshness window', () => {
    const old = signed(keys, { type: 1 }, NOW - WINDOW - 1000);
    expect(verifyInteraction(key, lower(old.headers), Buffer.from(old.body), NOW, WINDOW)).toEqual({
      ok: false,
      why: 'stale timestamp',
    });
  });

  it('rejects a public key that is not 32 bytes of hex, naming the setting', () => {
    expect(() => ed25519PublicKey('abcd')).toThrow(/DISCORD_PUBLIC_KEY/);
  });
});

describe('SeenIds', () => {
  it('accepts an id once within its window and again after it', () => {
    const seen = new SeenIds(1000);
    expect(seen.first('1', 0)).toBe(true);
    expect(seen.first('1', 999)).toBe(false);
    expect(seen.first('1', 1000)).toBe(true);
  });

  it('stays bounded', () => {
    const seen = new SeenIds(1_000_000, 10);
    for (let i = 0; i < 100; i++) seen.first(String(i), i);
    expect(seen.first('99', 200)).toBe(false);
  });
});
