// Shared plumbing for CLI commands: read config, open Airlock without listening, print results.
import { type Config, ConfigError, readConfig } from '../config.ts';
import { isAirlockError } from '../governance/errors.ts';
import type { Classifier } from '../governance/ports.ts';
import type { Airlock, Overrides } from '../main.ts';
import { embeddedLock } from './local-state.ts';
import { fail } from './output.ts';

export { embeddedLock } from './local-state.ts';
export { fail, print } from './output.ts';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return readConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) fail(`configuration error: ${e.message}`, 78);
    throw e;
  }
}

/** One-shot admin commands never submit actions; if one ever did, the pipeline would fail closed (hold). */
const notClassifying: Classifier = {
  name: 'cli.not_classifying',
  classify: () => {
    throw new Error('one-shot CLI commands do not classify actions');
  },
};

/** Opens Airlock for a one-shot command, runs `fn`, closes. Coded errors print their message. */
export async function withAirlock<T>(
  fn: (a: Airlock) => Promise<T>,
  overrides: Overrides = {},
  config: Config = loadConfig(),
): Promise<T> {
  const lock = embeddedLock(config);
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
    // fail() exits at once: close and unlock first.
    await airlock?.close().catch(() => {});
    airlock = undefined;
    lock.release();
    if (isAirlockError(e)) fail(e.message, e.code === 'store_unavailable' ? 69 : 1);
    throw e;
  } finally {
    await airlock?.close();
    lock.release();
  }
}
