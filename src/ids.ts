import { randomBytes } from 'node:crypto';
import type { IdSource } from './governance/ports.ts';

/** Time-ordered, unguessable ids: `act_` + 10 chars of ms time (base32) + 16 random chars. */
export const randomIds: IdSource = {
  next: (prefix) => {
    const time = Date.now().toString(32).padStart(10, '0');
    return `${prefix}_${time}${randomBytes(10).toString('base64url').slice(0, 13)}`;
  },
};
