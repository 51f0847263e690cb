// The public surface of the scope module: request → Scope (cached), and action-in-scope checks.
import type { RequestInput } from '../model.ts';
import { deriveScope } from './derive.ts';
import type { Scope } from './types.ts';

export { answersRequester, type CheckInput, checkScope } from './check.ts';
export { deriveScope } from './derive.ts';
export { warmUp } from './intent.ts';
export { Resolver } from './resolve.ts';
export type * from './types.ts';

/** Least-recently-used map: a hit moves the key to the back, an insert past capacity drops the front. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * A scope depends only on the request (context is applied when an action is checked), so the key is
 * the request's text, requester, platform and origin.
 */
export const scopeKey = (r: RequestInput): string =>
  [r.platform, r.requester.id, r.requester.name ?? '', r.origin.channel, r.origin.thread ?? '', r.text].join(
    '\u0001',
  );

const cache = new Lru<string, Scope>(1024);

export function scopeOf(request: RequestInput): Scope {
  const key = scopeKey(request);
  const hit = cache.get(key);
  if (hit) return hit;
  const scope = deriveScope(request);
  cache.set(key, scope);
  return scope;
}
