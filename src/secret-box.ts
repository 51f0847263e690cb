// Secrets at rest (Slack bot tokens of installed workspaces): AES-256-GCM with AIRLOCK_ENCRYPTION_KEY.
// A sealed value is `v1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`: a fresh 12-byte IV per value, the
// 16-byte authentication tag, and `aad` (e.g. the workspace id) bound in, so a value copied into another
// row does not open. The version says how it was sealed and the key id which key sealed it (the first 8 hex
// characters of SHA-256 over the key), so a later key rotation can tell old values from new ones.
// Opening never falls back to the plaintext: a wrong key, an altered value or an unknown format throws.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Which key this box holds (never the key itself). */
  readonly keyId: string;
  seal(plaintext: string, aad: string): string;
  /** Throws SecretBoxError when the value was sealed with another key, altered, or is not a sealed value. */
  open(sealed: string, aad: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes');
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return {
    keyId,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const out = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
      return `${VERSION}:${keyId}:${out}`;
    },
    open(sealed, aad) {
      const [version, id, data, ...rest] = sealed.split(':');
      if (version !== VERSION || !id || data === undefined || rest.length > 0)
        throw new SecretBoxError('not a value sealed by Airlock (unknown format)');
      if (id !== keyId)
        throw new SecretBoxError(
          `sealed with another key (key id ${id}; AIRLOCK_ENCRYPTION_KEY has key id ${keyId})`,
        );
      const raw = Buffer.from(data, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('the sealed value is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'the sealed value does not open with AIRLOCK_ENCRYPTION_KEY (altered, or another key)',
        );
      }
    },
  };
}
