// A test Ed25519 key pair standing in for Discord's, and signed interaction requests built with it.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export interface TestKeys {
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function testKeys(): TestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

/** Headers and body of an interaction as Discord would send it at `atMs`. */
export function signed(keys: TestKeys, payload: unknown, atMs: number) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = String(Math.floor(atMs / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
  };
}
