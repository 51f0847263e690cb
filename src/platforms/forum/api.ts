// The Discourse REST client: global fetch with `Api-Key` and `Api-Username` (the user Airlock acts as on
// each call), JSON in and out, a timeout, and every failure mapped onto PlatformError: 429 retryable with
// the forum's Retry-After (or `extras.wait_seconds`), 5xx and network failures retryable, other 4xx
// permanent with the forum's own error text. A 429 means the forum did nothing, so short waits (at most
// `maxRateLimitWaitMs`) are slept through and the call repeated; longer ones go back to the caller (the
// publish retry waits at least that long).
import { PlatformError } from '../platform.ts';
import { PLATFORM } from './types.ts';

export interface ForumApi {
  /** `as`: the forum username the call acts as. Resolves the parsed JSON body (null when empty). */
  call<T>(what: string, as: string, method: string, path: string, body?: unknown): Promise<T>;
  /** Like `call`, but a 404 resolves null instead of throwing. */
  find<T>(what: string, as: string, path: string): Promise<T | null>;
  readonly baseUrl: string;
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(header: string | null, body: unknown, nowMs: number): number | undefined {
  if (header) {
    const s = Number(header);
    if (Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const wait = (body as { extras?: { wait_seconds?: unknown } } | null)?.extras?.wait_seconds;
  return typeof wait === 'number' && wait >= 0 ? Math.ceil(wait * 1000) : undefined;
}

function errorText(body: unknown): { code: string | null; text: string } {
  if (!body || typeof body !== 'object') return { code: null, text: '' };
  const b = body as { errors?: unknown; error_type?: unknown };
  const errors = Array.isArray(b.errors) ? b.errors.filter((e) => typeof e === 'string').join('; ') : '';
  return { code: typeof b.error_type === 'string' ? b.error_type : null, text: errors };
}

export function createForumApi(opts: {
  url: string;
  apiKey: string;
  now: () => Date;
  timeoutMs?: number;
  maxRateLimitWaitMs?: number;
}): ForumApi {
  const base = opts.url.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxWait = opts.maxRateLimitWaitMs ?? 2_000;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function request(what: string, as: string, method: string, path: string, body?: unknown) {
    for (let attempt = 0; ; attempt++) {
      const r = await once(what, as, method, path, body);
      if (r.res.status !== 429 || attempt >= 2) return r;
      const wait = retryAfterMs(r.res.headers.get('retry-after'), r.json, opts.now().getTime());
      if (wait === undefined || wait > maxWait) return r;
      await sleep(wait);
    }
  }

  async function once(what: string, as: string, method: string, path: string, body?: unknown) {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          'Api-Key': opts.apiKey,
          'Api-Username': as,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new PlatformError(PLATFORM, 'network', `${what}: cannot reach the forum: ${message}`, {
        retryable: true,
        cause: e,
      });
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { res, json };
  }

  function fail(what: string, res: Response, json: unknown): never {
    const { code, text } = errorText(json);
    if (res.status === 429) {
      const after = retryAfterMs(res.headers.get('retry-after'), json, opts.now().getTime());
      throw new PlatformError(
        PLATFORM,
        'rate_limited',
        `${what}: the forum's rate limit${after === undefined ? '' : ` (retry in ${Math.ceil(after / 1000)} s)`}`,
        { retryable: true, status: 429, ...(after === undefined ? {} : { retryAfterMs: after }) },
      );
    }
    throw PlatformError.fromStatus(
      PLATFORM,
      res.status,
      code ?? `http_${res.status}`,
      `${what}: the forum answered ${res.status}${text ? `: ${text}` : ''}`,
    );
  }

  return {
    baseUrl: base,
    async call<T>(what: string, as: string, method: string, path: string, body?: unknown): Promise<T> {
      const { res, json } = await request(what, as, method, path, body);
      if (!res.ok) fail(what, res, json);
      return json as T;
    },
    async find<T>(what: string, as: string, path: string): Promise<T | null> {
      const { res, json } = await request(what, as, 'GET', path);
      if (res.status === 404) return null;
      if (!res.ok) fail(what, res, json);
      return json as T;
    },
  };
}
