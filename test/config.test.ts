import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.ts';

const empty = mkdtempSync(join(tmpdir(), 'airlock-cfg-'));

describe('readConfig', () => {
  it('has defaults for everything', () => {
    const c = readConfig({}, empty);
    expect(c).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 4480,
      AIRLOCK_DATA_DIR: './.airlock/data',
      AIRLOCK_DEMO: true,
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.publicUrl).toBe('http://127.0.0.1:4480');
    expect(c.allowedHosts).toContain('localhost:4480');
  });

  it('names the variable to fix', () => {
    expect(() => readConfig({ PORT: 'eighty' }, empty)).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'eighty' }, empty)).toThrow(/^PORT: /);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' }, empty)).toThrow(
      /^DATABASE_URL: must be a postgres/,
    );
    expect(() => readConfig({ LOG_LEVEL: 'loud' }, empty)).toThrow(/^LOG_LEVEL/);
    expect(() => readConfig({ AIRLOCK_INTEGRATION_TOKEN: 'short' }, empty)).toThrow(
      /^AIRLOCK_INTEGRATION_TOKEN: must be at least 24/,
    );
  });

  it('reads airlock.yaml, environment wins, unknown keys are errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-cfg-'));
    writeFileSync(join(dir, 'airlock.yaml'), 'PORT: 5000\nHOST: 0.0.0.0\n');
    expect(readConfig({}, dir)).toMatchObject({ PORT: 5000, HOST: '0.0.0.0' });
    expect(readConfig({ PORT: '6000' }, dir).PORT).toBe(6000);
    writeFileSync(join(dir, 'airlock.yaml'), 'PROT: 5000\n');
    expect(() => readConfig({}, dir)).toThrow(/unknown setting PROT/);
    expect(() => readConfig({ AIRLOCK_CONFIG: 'missing.yaml' }, dir)).toThrow(/^AIRLOCK_CONFIG: /);
  });
});

describe('config errors never show credentials', () => {
  it('redacts the password of a URL and never echoes a token', () => {
    const url = () => readConfig({ DATABASE_URL: 'mysql://app:hunter2-pw@db/x' }, empty);
    expect(url).toThrow(ConfigError);
    expect(url).toThrow(/app:\*\*\*@db/);
    expect(url).not.toThrow(/hunter2/);
    const token = () => readConfig({ AIRLOCK_INTEGRATION_TOKEN: 'short-secret' }, empty);
    expect(token).toThrow(/a value of 12 characters/);
    expect(token).not.toThrow(/short-secret/);
  });
});
