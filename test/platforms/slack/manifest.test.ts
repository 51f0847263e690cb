// app.manifest.yaml matches the code: every scope a called method or a handled event needs is declared,
// every handled event is subscribed, and everything points at /slack/events.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HANDLED_EVENTS } from '../../../src/platforms/slack/index.ts';
import { REDIRECT_PATH } from '../../../src/platforms/slack/index.ts';
import {
  BOT_SCOPES,
  COMMAND_SCOPES,
  EVENT_SCOPES,
  METHOD_SCOPES,
} from '../../../src/platforms/slack/scopes.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SLACK_SRC = join(ROOT, 'src/platforms/slack');
// biome-ignore lint/suspicious/noExplicitAny: the manifest is checked field by field
const manifest = parse(readFileSync(join(ROOT, 'app.manifest.yaml'), 'utf8')) as any;
const declared = new Set<string>(manifest.oauth_config.scopes.bot);

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

const calledMethods = [
  ...new Set(
    files(SLACK_SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/call\(\s*'([a-z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1] as string),
    ),
  ),
].sort();

describe('app.manifest.yaml', () => {
  it('finds the Web API methods the adapter calls', () => {
    expect(calledMethods).toEqual(
      expect.arrayContaining(['chat.postMessage', 'chat.update', 'conversations.list']),
    );
  });

  it('declares every scope the called methods need, and the scope table knows every method', () => {
    const unknown = calledMethods.filter((m) => !(m in METHOD_SCOPES));
    expect(unknown).toEqual([]);
    const missing = calledMethods.flatMap((m) => (METHOD_SCOPES[m] ?? []).filter((s) => !declared.has(s)));
    expect(missing).toEqual([]);
  });

  it('subscribes every handled event and declares the scopes they need', () => {
    const events = new Set<string>(manifest.settings.event_subscriptions.bot_events);
    expect(HANDLED_EVENTS.filter((e) => !events.has(e))).toEqual([]);
    const missing = HANDLED_EVENTS.flatMap((e) => (EVENT_SCOPES[e] ?? []).filter((s) => !declared.has(s)));
    expect(missing).toEqual([]);
    for (const s of COMMAND_SCOPES) expect(declared.has(s)).toBe(true);
  });

  it('declares no scope nothing uses', () => {
    const used = new Set([
      ...calledMethods.flatMap((m) => METHOD_SCOPES[m] ?? []),
      ...HANDLED_EVENTS.flatMap((e) => EVENT_SCOPES[e] ?? []),
      ...COMMAND_SCOPES,
    ]);
    expect([...declared].filter((s) => !used.has(s))).toEqual([]);
  });

  it('points events, interactivity and /airlock at /slack/events, with Socket Mode off', () => {
    const url = 'https://YOUR-HOST/slack/events';
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true, request_url: url });
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/airlock', url })]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('"Add to Slack" asks for exactly the declared bot scopes and redirects to /slack/oauth_redirect', () => {
    expect(BOT_SCOPES).toEqual([...declared].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual([`https://YOUR-HOST${REDIRECT_PATH}`]);
  });
});
