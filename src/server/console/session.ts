// Console sessions, kept in memory (lost on restart; one process only): an opaque id in an HttpOnly,
// SameSite=Strict cookie maps to the reviewer token and a session-bound CSRF token.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  token: string;
  csrf: string;
  expiresAt: number;
}

const TTL_MS = 8 * 3600_000;

export class Sessions {
  private readonly map = new Map<string, Session>();

  create(token: string): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session = { token, csrf: randomBytes(32).toString('base64url'), expiresAt: Date.now() + TTL_MS };
    this.map.set(id, session);
    return { id, session };
  }

  get(id: string | undefined): Session | null {
    if (!id) return null;
    const s = this.map.get(id);
    if (!s) return null;
    if (s.expiresAt < Date.now()) {
      this.map.delete(id);
      return null;
    }
    return s;
  }

  delete(id: string | undefined): void {
    if (id) this.map.delete(id);
  }
}

export function csrfOk(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
