// Every route the server registers is in the OpenAPI document served at /openapi.json, and every path the
// document describes is registered. The routes are read back from fastify (printRoutes) on a server with
// Slack and Discord configured, so their webhooks are mounted too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';

/** The web console is HTML for browsers (forms with CSRF tokens), not part of the HTTP API. */
const NOT_API = [/^\/$/, /^\/console(\/|$)/];

/** `printRoutes({commonPrefix: false})` as `METHOD /path/{param}` lines, HEAD (added for every GET) left out. */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:[├└]── )?(\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!m?.[2]) continue;
    const depth = m[1]!.length / 4 + (line.includes('── ') ? 1 : 0);
    const parent = depth > 0 ? (stack[depth - 1] ?? '') : '';
    const seg = m[2];
    const path =
      parent === '/' ? `/${seg}` : parent && !seg.startsWith('/') ? `${parent}/${seg}` : parent + seg;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  let t: TestAirlock;
  beforeAll(async () => {
    t = await startTestAirlock(
      {},
      {
        SLACK_BOT_TOKEN: 'xoxb-openapi-test',
        SLACK_SIGNING_SECRET: 'openapi-test-secret',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
        DISCORD_BOT_TOKEN: 'discord-bot-token-openapi-test',
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
        DISCOURSE_URL: 'http://127.0.0.1:9',
        DISCOURSE_API_KEY: 'discourse-api-key-openapi-test',
        DISCOURSE_WEBHOOK_SECRET: 'discourse-webhook-secret-openapi-test',
      },
    );
  }, 60_000);
  afterAll(async () => t?.close());

  it('describes every registered route, and only registered ones', async () => {
    const routes = registeredRoutes(t.airlock.server.printRoutes({ commonPrefix: false }));
    // The parser itself: a few routes known to exist, so an empty parse cannot pass.
    for (const known of [
      'POST /v1/actions',
      'GET /v1/actions/{id}',
      'POST /v1/agents/{name}/pause',
      'POST /slack/events',
      'POST /discord/interactions',
      'DELETE /mcp',
    ])
      expect(routes).toContain(known);

    const res = await t.api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const api = routes.filter((r) => !NOT_API.some((re) => re.test(r.split(' ')[1]!)));
    expect(
      api.filter((r) => !documented.includes(r)),
      'registered but not in the OpenAPI document',
    ).toEqual([]);
    expect(
      documented.filter((d) => !routes.includes(d)),
      'documented but not registered',
    ).toEqual([]);
  });

  it('takes query parameters and bodies from the schemas the handlers validate with', async () => {
    const { body } = await t.api('GET', '/openapi.json');
    const digest = body.paths['/v1/digest'].get.parameters.map((p: { name: string }) => p.name);
    expect(digest).toEqual(['since', 'format', 'tz']);
    const format = body.paths['/v1/digest'].get.parameters[1];
    expect(format.schema.enum).toEqual(['json', 'md', 'html']);
    const audit = body.paths['/v1/audit'].get.parameters.map((p: { name: string }) => p.name);
    expect(audit).toEqual(['action_id', 'request_id', 'after', 'limit', 'verify']);
    const pause = body.paths['/v1/agents/{name}/pause'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(pause.properties)).toEqual(['reason']);
    const approve =
      body.paths['/v1/actions/{id}/approve'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(approve.properties)).toEqual(
      expect.arrayContaining(['content_hash', 'text', 'redact']),
    );
    expect(body.components.schemas.Action.properties.status.enum).toContain('retracted');
  });
});
