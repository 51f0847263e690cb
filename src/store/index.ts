// The store's public surface: open a database and get the domain's Store port over it.
import { AirlockError } from '../governance/errors.ts';
import type { Agent, StoredRequest } from '../governance/model.ts';
import type { Repos, Store } from '../governance/ports.ts';
import { type DbTarget, type OpenDb, openDb } from './db.ts';
import { createDigestRuns, createDigestSource } from './digest.ts';
import { GroupCommitter } from './group-commit.ts';
import { createRepos, wrapRepoMethods } from './repos.ts';

export { type DbTarget, MIGRATIONS_DIR, type OpenDb, openDb } from './db.ts';
export { createLocalOutbox } from './local-outbox.ts';
export { createSlackInstallations } from './slack-installations.ts';

/** Connection-level failures become `store_unavailable` (HTTP 503), so callers fail closed with a clear error. */
function isConnectionError(e: unknown): boolean {
  // Drivers and drizzle wrap the socket error: look down the cause chain.
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (/^(08|57P0|3D000)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code))
    ) {
      return true;
    }
    const msg = c instanceof Error ? c.message : '';
    if (
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed|Cannot use a pool after calling end/i.test(
        msg,
      )
    ) {
      return true;
    }
  }
  return false;
}

export function wrapStoreError(e: unknown): unknown {
  if (e instanceof AirlockError) return e;
  if (isConnectionError(e))
    return new AirlockError('store_unavailable', 'the database is unreachable; nothing was changed', {
      cause: e,
    });
  return e;
}

const guarded = <T>(p: Promise<T>): Promise<T> =>
  p.catch((e: unknown) => {
    throw wrapStoreError(e);
  });

/** Revocations are announced on this channel so every process sharing the database drops its token cache. */
export const REVOCATION_CHANNEL = 'airlock_token_revoked';

export function createStore(open: OpenDb, opts: { tokenCacheMs?: number } = {}): Store {
  const tokens = new TokenCache();
  // Other processes: a revocation there arrives as a notification and clears the cache at once. While the
  // LISTEN connection is down (or on PGlite, which one process owns), the TTL below is the bound.
  const stopListening = open.listen?.(REVOCATION_CHANNEL, {
    notify: () => tokens.clear(),
    reset: () => tokens.clear(),
  });
  /** Tells the other processes; if it fails, they fall back to the cache TTL. */
  const announceRevocation = () =>
    open.listen
      ? open.rawQuery('select pg_notify($1, $2)', [REVOCATION_CHANNEL, '']).then(
          () => {},
          () => {},
        )
      : Promise.resolve();
  let revoked = false;
  const committer = new GroupCommitter(open.db, (tx, audit) => {
    const r = createRepos(tx, audit, runTx);
    // A revocation must not leave the revoked token cached: clear before and after the commit.
    const revoke: Repos['agents']['revoke'] = async (id, at) => {
      revoked = true;
      tokens.clear();
      return r.agents.revoke(id, at);
    };
    return { ...r, agents: { ...r.agents, revoke } };
  });
  const runTx = <T>(fn: (tx: Repos) => Promise<T>): Promise<T> =>
    committer.run(fn).then(
      async (v) => {
        if (revoked) {
          revoked = false;
          tokens.clear();
          await announceRevocation();
        }
        return v;
      },
      (e: unknown) => {
        throw wrapStoreError(e);
      },
    );
  const digest = createDigestSource(open.rawQuery);
  const runs = createDigestRuns(open.rawQuery);
  const repos = withCaches(
    guard(createRepos(open.db, null, runTx)),
    tokens,
    opts.tokenCacheMs ?? TOKEN_CACHE_MS,
    announceRevocation,
  );
  return {
    ...repos,
    kind: open.kind,
    digest: { figures: (q) => guarded(digest.figures(q)) },
    digestRuns: {
      claim: (...a) => guarded(runs.claim(...a)),
      finish: (...a) => guarded(runs.finish(...a)),
      last: (...a) => guarded(runs.last(...a)),
    },
    transaction: runTx,
    health: async () => {
      try {
        const rows = await open.rawQuery('select count(*)::int as n from audit_head');
        return { database: true, migrations: Number(rows[0]?.n ?? 0) === 1 };
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        return /relation .* does not exist/.test(msg)
          ? { database: true, migrations: false, detail: 'migrations not applied: run `airlock migrate`' }
          : { database: false, migrations: false, detail: msg };
      }
    },
    close: async () => {
      await stopListening?.();
      await open.close();
    },
  };
}

const REQUEST_CACHE = 10_000;

/**
 * Agents by token hash. `clear()` starts a new generation: a lookup that began before a revocation was
 * announced must not put its (possibly stale) answer back after the cache was cleared.
 */
class TokenCache {
  #entries = new Map<string, { agent: Agent | null; until: number }>();
  generation = 0;
  get(hash: string, now: number): { agent: Agent | null } | undefined {
    const hit = this.#entries.get(hash);
    return hit && hit.until > now ? hit : undefined;
  }
  set(hash: string, agent: Agent | null, until: number, generation: number): void {
    if (generation !== this.generation) return;
    if (this.#entries.size >= REQUEST_CACHE) this.#entries.clear();
    this.#entries.set(hash, { agent, until });
  }
  clear(): void {
    this.#entries.clear();
    this.generation++;
  }
}
/**
 * How long a token lookup is cached (AIRLOCK_TOKEN_CACHE_MS). A revocation clears the cache at once in this
 * process and, through NOTIFY, in every other process on the same PostgreSQL; the TTL bounds the window
 * only while a process's LISTEN connection is down.
 */
const TOKEN_CACHE_MS = 2_000;

/**
 * Read caches on the hot path (every agent call authenticates; most actions name a request):
 * requests never change once recorded; agents by token hash are kept briefly.
 */
function withCaches(
  repos: Repos,
  tokens: TokenCache,
  tokenCacheMs: number,
  announceRevocation: () => Promise<void>,
): Repos {
  const requests = new Map<string, StoredRequest>();
  return {
    ...repos,
    requests: {
      ...repos.requests,
      get: async (id) => {
        const hit = requests.get(id);
        if (hit) return hit;
        const r = await repos.requests.get(id);
        if (r) {
          if (requests.size >= REQUEST_CACHE) requests.delete(requests.keys().next().value!);
          requests.set(id, r);
        }
        return r;
      },
    },
    agents: {
      ...repos.agents,
      byTokenHash: async (hash) => {
        const now = Date.now();
        const hit = tokens.get(hash, now);
        if (hit) return hit.agent;
        const generation = tokens.generation;
        const agent = await repos.agents.byTokenHash(hash);
        if (tokenCacheMs > 0) tokens.set(hash, agent, now + tokenCacheMs, generation);
        return agent;
      },
      revoke: async (id, at) => {
        const ok = await repos.agents.revoke(id, at);
        tokens.clear();
        await announceRevocation();
        return ok;
      },
    },
  };
}

/** Wraps every repository method so connection failures surface as coded errors. */
function guard(repos: Repos): Repos {
  return wrapRepoMethods(
    repos,
    (_repo, _method, fn) =>
      (...args) =>
        fn(...args).catch((e: unknown) => {
          throw wrapStoreError(e);
        }),
  );
}

export async function openStore(target: DbTarget, opts: { migrate?: boolean } = {}): Promise<Store> {
  let open: OpenDb;
  try {
    open = await openDb(target);
  } catch (e) {
    throw new AirlockError(
      'store_unavailable',
      target.url
        ? `cannot connect to DATABASE_URL: ${(e as Error).message}`
        : `cannot open the embedded database in ${target.dataDir}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (opts.migrate !== false) await open.migrate();
  return createStore(open);
}
