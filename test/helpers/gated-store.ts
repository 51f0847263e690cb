// Wraps a Store so a test can pause a transaction right after one repository call and resume it later:
// a deterministic way to interleave two transactions on PostgreSQL (e.g. "B has read the action; now A
// commits an edit; now B continues").
import type { Repos, Store } from '../../src/governance/ports.ts';

type RepoName = keyof Repos;
export type RepoCall = { [R in RepoName]: `${R}.${Extract<keyof Repos[R], string>}` }[RepoName];

export interface Gate {
  /** Resolves once a transaction has made the call and is paused after it. */
  reached: Promise<void>;
  resume(): void;
}

export interface GatedStore {
  store: Store;
  /** Pauses the next transaction that makes `call`, after the call returns. */
  pauseAfter(call: RepoCall): Gate;
}

export function gatedStore(inner: Store): GatedStore {
  const armed = new Map<string, { arrive: () => void; proceed: Promise<void> }>();

  const wrapTx = (tx: Repos): Repos =>
    new Proxy(tx, {
      get(target, repoName: string | symbol) {
        const repo = Reflect.get(target, repoName) as unknown;
        if (typeof repoName !== 'string' || typeof repo !== 'object' || repo === null) return repo;
        return new Proxy(repo, {
          get(r, method: string | symbol) {
            const fn = Reflect.get(r, method) as unknown;
            if (typeof method !== 'string' || typeof fn !== 'function') return fn;
            const call = `${repoName}.${method}`;
            return async (...args: unknown[]) => {
              const result = (await (fn as (...a: unknown[]) => Promise<unknown>).apply(r, args)) as unknown;
              const gate = armed.get(call);
              if (gate) {
                armed.delete(call);
                gate.arrive();
                await gate.proceed;
              }
              return result;
            };
          },
        });
      },
    });

  const store: Store = {
    ...inner,
    kind: inner.kind,
    transaction: (fn) => inner.transaction((tx) => fn(wrapTx(tx))),
    health: () => inner.health(),
    close: () => inner.close(),
  };
  return {
    store,
    pauseAfter(call) {
      let arrive = () => {};
      let resume = () => {};
      const reached = new Promise<void>((r) => {
        arrive = r;
      });
      const proceed = new Promise<void>((r) => {
        resume = r;
      });
      armed.set(call, { arrive, proceed });
      return { reached, resume };
    },
  };
}
