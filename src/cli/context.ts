// Shared plumbing for CLI commands: read config, open Airlock without listening, print results.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError, readConfig } from '../config.ts';
import { isAirlockError } from '../governance/errors.ts';
import type { Classifier } from '../governance/ports.ts';
import type { Airlock, Overrides } from '../main.ts';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return readConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) fail(`configuration error: ${e.message}`, 78);
    throw e;
  }
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`airlock: ${message}\n`);
  process.exit(code);
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * The server holds a lock file; other commands refuse while it is held by a live process.
 */
export function embeddedLock(config: Config) {
  if (config.DATABASE_URL || config.AIRLOCK_DATA_DIR.startsWith('memory://'))
    return { acquire: () => {}, release: () => {} };
  const file = join(config.AIRLOCK_DATA_DIR, '..', 'airlock.lock');
  return {
    acquire: () => {
      if (existsSync(file)) {
        const pid = Number(readFileSync(file, 'utf8'));
        let alive = false;
        try {
          alive = pid > 0 && pid !== process.pid && process.kill(pid, 0);
        } catch {
          alive = false;
        }
        if (alive) {
          fail(
            `the embedded database in ${config.AIRLOCK_DATA_DIR} is in use by a running Airlock (pid ${pid}). Stop it first, or use the HTTP API, or run with DATABASE_URL (PostgreSQL) to share the database.`,
          );
        }
      }
      mkdirSync(join(config.AIRLOCK_DATA_DIR, '..'), { recursive: true });
      writeFileSync(file, String(process.pid));
    },
    release: () => {
      try {
        if (existsSync(file) && Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file);
      } catch {
        // best effort
      }
    },
  };
}

/** One-shot admin commands never submit actions; if one ever did, the pipeline would fail closed (hold). */
const notClassifying: Classifier = {
  name: 'cli.not_classifying',
  classify: () => {
    throw new Error('one-shot CLI commands do not classify actions');
  },
};

/** Opens Airlock for a one-shot command, runs `fn`, closes. Coded errors print their message. */
export async function withAirlock<T>(fn: (a: Airlock) => Promise<T>, overrides: Overrides = {}): Promise<T> {
  const config = loadConfig();
  const lock = embeddedLock({ ...config, LOG_LEVEL: 'silent' });
  lock.acquire();
  let airlock: Airlock | undefined;
  try {
    // One-shot commands never classify: skip loading the policy and training the scope model.
    const { createAirlock } = await import('../main.ts');
    airlock = await createAirlock(
      { ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL },
      { classifier: notClassifying, ...overrides },
    );
    return await fn(airlock);
  } catch (e) {
    if (isAirlockError(e)) fail(e.message, e.code === 'store_unavailable' ? 69 : 1);
    throw e;
  } finally {
    await airlock?.close();
    lock.release();
  }
}

export function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}
