// Sealed secrets: AES-256-GCM, a fresh IV per value, bound to its aad, never opened with a wrong key.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../src/secret-box.ts';

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('seals to a versioned value naming the key, different each time, that opens to the plaintext', () => {
    const a = box.seal('xoxb-secret-token', 'T1');
    const b = box.seal('xoxb-secret-token', 'T1');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^v1:${box.keyId}:[A-Za-z0-9_-]+$`));
    expect(a).not.toContain('xoxb');
    expect(box.open(a, 'T1')).toBe('xoxb-secret-token');
    expect(createSecretBox(Buffer.from(key)).open(b, 'T1')).toBe('xoxb-secret-token');
  });

  it('refuses another key, another aad, an altered or truncated value, and plaintext', () => {
    const sealed = box.seal('xoxb-secret-token', 'T1');
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'T1')).toThrow(/another key/);
    expect(() => box.open(sealed, 'T2')).toThrow(SecretBoxError);
    const body = sealed.split(':')[2] ?? '';
    const flipped = `${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`;
    expect(() => box.open(`v1:${box.keyId}:${flipped}`, 'T1')).toThrow(SecretBoxError);
    expect(() => box.open(`v1:${box.keyId}:AAAA`, 'T1')).toThrow(/truncated/);
    expect(() => box.open('xoxb-secret-token', 'T1')).toThrow(/unknown format/);
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
