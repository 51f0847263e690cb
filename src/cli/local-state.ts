// Files an Airlock keeps beside its embedded database, all inside the data directory (so two Airlocks
// with different data directories under one parent never meet): the lock (the pid of the process that
// has the database open), the server file (where that server listens and its local admin token, so the
// CLI can manage agents and reviewers through it), and the demo identities' tokens.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { fail } from './output.ts';

export const isEmbedded = (config: Config) => !config.DATABASE_URL;
export const isMemory = (config: Config) => config.AIRLOCK_DATA_DIR.startsWith('memory://');

export function statePaths(config: Config) {
  const dir = resolve(config.AIRLOCK_DATA_DIR);
  return {
    dir,
    lock: join(dir, 'airlock.lock'),
    server: join(dir, 'airlock-server.json'),
    demo: join(dir, 'airlock-demo.json'),
  };
}

/** The first existing ancestor of `path` that is not a directory, if any. */
function fileInTheWay(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    if (existsSync(p)) return statSync(p).isDirectory() ? null : p;
    if (dirname(p) === p) return null;
  }
}

/** Creates the data directory, or stops with one line that says which setting to change. */
export function ensureDataDir(config: Config): string {
  const { dir } = statePaths(config);
  const blocker = fileInTheWay(dir);
  if (blocker)
    fail(
      `AIRLOCK_DATA_DIR: cannot use ${dir}: ${blocker} is a file, not a directory. Set AIRLOCK_DATA_DIR to a directory path (or move the file).`,
      78,
    );
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    fail(
      `AIRLOCK_DATA_DIR: cannot create ${dir} (${code}). Set AIRLOCK_DATA_DIR to a directory this user may write.`,
      78,
    );
  }
  return dir;
}

function alive(pid: number): boolean {
  if (!(pid > 0) || pid === process.pid) return false;
  try {
    return process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** The pid of a live process holding the embedded database of `config`, if any. */
export function lockHolder(config: Config): number | null {
  if (!isEmbedded(config) || isMemory(config)) return null;
  try {
    const pid = Number(readFileSync(statePaths(config).lock, 'utf8').trim());
    return alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export interface Lock {
  acquire(): void;
  release(): void;
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * Whoever opens it holds a lock file; others refuse while a live process holds it.
 */
export function embeddedLock(config: Config, whenHeld: (pid: number) => string = inUse(config)): Lock {
  if (!isEmbedded(config) || isMemory(config)) return { acquire: () => {}, release: () => {} };
  const { lock } = statePaths(config);
  return {
    acquire: () => {
      ensureDataDir(config);
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          writeFileSync(lock, String(process.pid), { flag: 'wx' });
          return;
        } catch (e) {
          if ((e as { code?: string }).code !== 'EEXIST') throw e;
        }
        const holder = lockHolder(config);
        if (holder) fail(whenHeld(holder));
        // Left behind by a process that died: take it over.
        rmSync(lock, { force: true });
      }
      fail(
        `cannot take the lock ${lock}; another Airlock is starting on the same data directory. Try again.`,
      );
    },
    release: () => {
      try {
        if (Number(readFileSync(lock, 'utf8')) === process.pid) rmSync(lock);
      } catch {
        // best effort: a stale lock of a dead pid is taken over by the next process
      }
    },
  };
}

const inUse = (config: Config) => (pid: number) =>
  `the embedded database in ${statePaths(config).dir} is in use by a running Airlock (pid ${pid}). Stop it first, or run with DATABASE_URL (PostgreSQL) to share the database.`;

export interface ServerFile {
  pid: number;
  url: string;
  /** Accepted as an admin on the admin endpoints while this process runs; see docs/security.md. */
  adminToken: string;
}

export function writeServerFile(config: Config, info: ServerFile): void {
  if (!isEmbedded(config) || isMemory(config)) return;
  const { server } = statePaths(config);
  writeFileSync(server, JSON.stringify(info, null, 2), { mode: 0o600 });
  chmodSync(server, 0o600);
}

export function readServerFile(config: Config): ServerFile | null {
  try {
    const info = JSON.parse(readFileSync(statePaths(config).server, 'utf8')) as ServerFile;
    return typeof info.url === 'string' && typeof info.adminToken === 'string' ? info : null;
  } catch {
    return null;
  }
}

export function removeServerFile(config: Config): void {
  const info = readServerFile(config);
  if (info && info.pid === process.pid) rmSync(statePaths(config).server, { force: true });
}
