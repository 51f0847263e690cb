// docs/configuration.md lists every setting of src/config.ts with its real default.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig, SETTING_DOCS } from '../src/config.ts';

const doc = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('has a row for every setting, with its default', () => {
    const defaults = readConfig({}, mkdtempSync(join(tmpdir(), 'airlock-docs-'))) as Record<string, unknown>;
    for (const key of Object.keys(SETTING_DOCS)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      expect(row, `no row for ${key}`).toBeDefined();
      const value = defaults[key];
      if (value !== undefined) expect(row, key).toContain(`\`${String(value)}\``);
    }
  });
});
