// The crash-recovery lookup in a busy channel: Slack did the post but the answer was lost, then more than
// a page of messages arrived before the retry. The retry must find the post by its metadata, not post
// again (found by the fault suite, test/faults/platform.faults.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../../src/governance/model.ts';
import type { PlatformAdapter } from '../../../src/platforms/platform.ts';
import { createSlackPlatform } from '../../../src/platforms/slack/index.ts';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../helpers/slack.ts';

let slack: FakeSlack;
let adapter: PlatformAdapter;
const now = new Date();

beforeAll(async () => {
  slack = await startFakeSlack();
  adapter = createSlackPlatform({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.url,
    reviewChannel: 'C0REVIEW',
    gateway: () => {
      throw new Error('not used');
    },
    now: () => now,
  });
});
afterAll(() => slack.close());

function action(id: string, thread: string | null): Action {
  return {
    id,
    agentId: 'agt_1',
    requestId: null,
    kind: thread ? 'reply' : 'post',
    platform: 'slack',
    channel: 'C0BUSY',
    thread,
    recipient: null,
    text: 'The deploy finished at 14:00.',
    change: null,
    context: null,
    contentHash: 'h1',
    status: 'publishing',
    decision: { decision: 'publish', in_scope: true, risk: 'none', reasons: [] },
    idempotencyKey: null,
    bodyHash: null,
    platformRef: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    expiresAt: null,
    createdAt: now,
    updatedAt: now,
    decidedAt: now,
    publishedAt: null,
  };
}

describe('Slack publish after a lost answer in a busy channel', () => {
  it.each([
    ['a channel', null],
    ['a thread', 'THREAD'],
  ])('in %s, finds its post three pages back instead of posting twice', async (_, threadKind) => {
    const thread = threadKind ? slack.addMessage({ channel: 'C0BUSY', text: 'parent', blocks: [] }).ts : null;
    const a = action(`act_busy_${threadKind ?? 'channel'}`, thread);
    slack.failNext('chat.postMessage', { kind: 'drop' });
    await expect(
      adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] }),
    ).rejects.toThrow();
    expect(slack.postsFor(a.id)).toHaveLength(1);
    for (let k = 0; k < 450; k++)
      slack.addMessage({
        channel: 'C0BUSY',
        text: `chatter ${k}`,
        blocks: [],
        ...(thread ? { thread_ts: thread } : {}),
      });
    const ref = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(slack.postsFor(a.id)).toHaveLength(1);
    expect(ref.id).toBe(slack.postsFor(a.id)[0]?.ts);
  });
});
