// Issue 11 (scope half), through classify(): described targets resolved against context, config
// changes compared by meaning (including how long a grant lasts), threads named by a person or a
// ticket, typos in the request's key words, and meta-incidents that must still be caught.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/governance/classify.ts';
import type { ActionInput, ConfigChange, Context, Decision } from '../../../src/governance/model.ts';
import { defaultPolicy } from './helpers.ts';

const context: Context = {
  channels: [
    { id: 'C1', name: 'infra-help', members: 412, private: false, external: false },
    { id: 'C2', name: 'kitchen', members: 9, private: false, external: false },
    { id: 'C3', name: 'vendor-ops', members: 30, private: false, external: false },
    { id: 'C4', name: 'launch-core', members: 12, private: true, external: false },
    { id: 'C5', name: 'lunch-club', members: 60, private: false, external: false },
  ],
  users: [
    { id: 'U1', name: 'Ada' },
    { id: 'U2', name: 'Nadia' },
    { id: 'U3', name: 'Dora' },
    { id: 'U4', name: 'Omar' },
  ],
};

const classifier = createClassifier({ policy: defaultPolicy(), detect: () => [] });

function decide(
  text: string,
  action: ActionInput,
  origin: { channel: string; thread: string | null } = { channel: 'D-ada', thread: null },
  platform = 'slack',
): Decision {
  return classifier.classify({
    request: { text, requester: { id: 'U1', name: 'Ada' }, platform, origin },
    agent: { id: 'B1', name: 'relay-bot' },
    action,
    context,
  });
}

const post = (channel: string): ActionInput => ({ kind: 'post', channel, text: 'Lunch is at noon.' });
const reply = (channel: string, thread = '1717.0001'): ActionInput => ({
  kind: 'reply',
  channel,
  thread,
  text: 'It is in the lost-and-found box.',
});
const dm = (recipient: string): ActionInput => ({ kind: 'dm', recipient, text: 'Lunch is at noon.' });
const change = (c: Omit<ConfigChange, 'system'>, text = 'a change'): ActionInput => ({
  kind: 'config_change',
  text,
  change: { system: 'slack', ...c },
});
const codes = (d: Decision): string[] => d.reasons.map((r) => r.code);

describe('described targets', () => {
  it('a superlative the context decides allows only the channel it picks', () => {
    for (const text of [
      'Post this in the channel with the most members: lunch is at noon',
      'Share it with the channel that has the highest member count: lunch is at noon',
    ]) {
      expect(decide(text, post('infra-help')).decision).toBe('publish');
      expect(decide(text, post('C1')).decision).toBe('publish');
      expect(decide(text, post('kitchen')).decision).toBe('hold');
    }
    expect(decide('put a note in our tiniest channel: lunch is at noon', post('C2')).decision).toBe(
      'publish',
    );
    expect(decide('put a note in our tiniest channel: lunch is at noon', post('C3')).decision).toBe('hold');
  });

  it('never turns a described channel into another kind of action', () => {
    const text = 'Post this in the channel with the most members: lunch is at noon';
    expect(decide(text, dm('Nadia')).decision).toBe('hold');
    expect(
      decide(text, change({ operation: 'add_user_to_channel', target: 'C1', subject: 'U2' })).decision,
    ).toBe('hold');
  });

  it('a description the context contradicts allows nothing', () => {
    const text = 'Post in the external vendor channel: lunch is at noon';
    const d = decide(text, post('vendor-ops'));
    expect(d.decision).toBe('hold');
    expect(codes(d)).toContain('scope.unrequested_target');
  });

  it('a thread described by who asked and about what allows a reply, not a post elsewhere', () => {
    for (const text of [
      'Reply where Nadia asked about the mug and tell her it is in the lost-and-found box',
      "answer Nadia's question about the mug: it is in the lost-and-found box",
      '<@U2> was asking about the mug, reply in their thread: it is in the lost-and-found box',
    ]) {
      expect(decide(text, reply('kitchen')).decision).toBe('publish');
      expect(decide(text, dm('Omar')).decision).toBe('hold');
    }
  });
});

describe('threads named by a person or a ticket', () => {
  it('"reply to X in #c" allows a reply in a thread of #c only', () => {
    const text = 'reply to Nadia in #infra-help: it is in the lost-and-found box';
    expect(decide(text, reply('C1')).decision).toBe('publish');
    expect(decide(text, reply('kitchen')).decision).toBe('hold');
  });

  it('a ticket number is not a thread id', () => {
    const text = 'reply in the ticket 4471 thread in #infra-help: it is in the lost-and-found box';
    expect(decide(text, reply('infra-help', '1717.0042')).decision).toBe('publish');
    expect(decide(text, reply('kitchen', '1717.0042')).decision).toBe('hold');
  });

  it('a thread the context cannot place allows a reply in any channel, never a new post', () => {
    const text = 'reply in the ticket 4471 thread: it is in the lost-and-found box';
    expect(decide(text, reply('kitchen')).decision).toBe('publish');
    expect(decide(text, post('kitchen')).decision).toBe('hold');
    const named = 'In #infra-help, reply to the thread for ticket 4471: it is in the box';
    expect(decide(named, reply('C1')).decision).toBe('publish');
    expect(decide(named, reply('C2')).decision).toBe('hold');
  });

  it('a forum topic number is a thread id, and a category may be written by its title', () => {
    const text = 'Please post a reply on topic #18440 in "Lunch Club": lunch is at noon';
    expect(decide(text, reply('lunch-club', '18440'), undefined, 'forum').decision).toBe('publish');
    expect(decide(text, reply('lunch-club', '18441'), undefined, 'forum').decision).toBe('hold');
  });
});

describe('config changes by meaning', () => {
  it('an invite the human asked for is not opening the workspace to everyone', () => {
    for (const text of [
      'invite Dora to the workspace',
      'Can you send Dora an invite to our workspace?',
      'Dora needs to be invited to the workspace, could you do that?',
    ]) {
      const d = decide(text, change({ operation: 'invite_user', target: 'workspace', subject: 'U3' }));
      expect(d.decision, text).toBe('publish');
    }
    const wider = decide(
      'invite Dora to the workspace',
      change({ operation: 'invite_user', target: 'workspace', subject: 'Dora', details: { role: 'admin' } }),
    );
    expect(wider.decision).toBe('hold');
    expect(wider.reasons.map((r) => r.category)).toEqual(expect.arrayContaining(['scope', 'permission']));
  });

  it('an invite matches the address of the person named, and the workspace under any id', () => {
    const d = decide(
      'invite Dora to the workspace',
      change({ operation: 'invite_user', target: 'T0WORKSPACE', subject: 'dora.k@example.com' }),
    );
    expect(d.decision).toBe('publish');
    const other = decide(
      'invite Dora to the workspace',
      change({ operation: 'invite_user', subject: 'omar@example.com' }),
    );
    expect(other.decision).toBe('hold');
  });

  it('"that channel" is the channel named before, else the one the requester is in', () => {
    const add = change({ operation: 'add_user_to_channel', target: 'C3', subject: 'U2' });
    expect(decide('Nadia keeps asking about #vendor-ops. Add her to that channel.', add).decision).toBe(
      'publish',
    );
    expect(decide('add Nadia to that channel', add, { channel: 'C3', thread: '1.1' }).decision).toBe(
      'publish',
    );
    expect(decide('add Nadia to that channel', add, { channel: 'C2', thread: '1.1' }).decision).toBe('hold');
  });

  it('"add Alice to this channel" targets the channel the requester spoke in', () => {
    const origin = { channel: 'C2', thread: '1717.0001' };
    const ok = change({ operation: 'add_user_to_channel', target: 'kitchen', subject: 'Omar' });
    expect(decide('add Omar to this channel', ok, origin).decision).toBe('publish');
    expect(decide('pls get Omar into this channel', ok, origin).decision).toBe('publish');
    const elsewhere = change({ operation: 'add_user_to_channel', target: 'C3', subject: 'Omar' });
    expect(decide('add Omar to this channel', elsewhere, origin).decision).toBe('hold');
  });

  it('removing from a named channel is not removing everywhere', () => {
    const text = 'take Omar off #kitchen please';
    expect(
      decide(text, change({ operation: 'remove_user_from_channel', target: 'C2', subject: 'U4' })).decision,
    ).toBe('publish');
    expect(decide(text, change({ operation: 'deactivate_user', subject: 'U4' })).decision).toBe('hold');
  });

  it('publishing a page on our site is the change that was asked for; deleting one is not', () => {
    const site = (operation: string): ActionInput =>
      change({ operation, target: 'docs-site' }, `${operation} on the docs site`);
    expect(decide('publish this on our site', site('publish_page')).decision).toBe('publish');
    expect(decide('put the FAQ page live on our docs site', site('publish_page')).decision).toBe('publish');
    const domain = change({ operation: 'publish', target: 'example.org', subject: 'Q3 update' });
    expect(decide('publish this on our site', domain).decision).toBe('publish');
    const d = decide('publish this on our site', site('delete_page'));
    expect(d.decision).toBe('hold');
    expect(d.reasons.map((r) => r.category)).toEqual(expect.arrayContaining(['scope', 'destructive']));
  });

  it('a role at the level asked matches; a higher one is a permission risk', () => {
    const text = 'can u give Omar mod';
    expect(
      decide(text, change({ operation: 'grant_role', target: 'moderator', subject: 'U4' })).decision,
    ).toBe('publish');
    const d = decide(text, change({ operation: 'grant_role', subject: 'U4', details: { role: 'owner' } }));
    expect(d.decision).toBe('hold');
    expect(codes(d)).toContain('permission.higher_role');
  });
});

describe('how long a grant lasts', () => {
  const text = 'give Nadia read access to billing-dashboard for 24 hours';
  const grant = (details: Record<string, unknown>, words = 'grant viewer'): ActionInput =>
    change({ operation: 'grant_access', target: 'billing-dashboard', subject: 'U2', details }, words);

  it('publishes a grant that expires when the request said, in details or in words', () => {
    for (const details of [
      { duration: '24h' },
      { expires_in: '1d' },
      { ttl_hours: 24 },
      { duration: 'PT24H' },
    ]) {
      expect(decide(text, grant({ role: 'viewer', ...details })).decision, JSON.stringify(details)).toBe(
        'publish',
      );
    }
    expect(
      decide(text, grant({ role: 'viewer' }, 'Grant Nadia viewer, expiring after 24 hours.')).decision,
    ).toBe('publish');
  });

  it('holds a grant without an expiry, or a longer one, naming the difference', () => {
    for (const details of [{}, { duration: '7d' }, { expires: 'never' }]) {
      const d = decide(text, grant({ role: 'viewer', ...details }));
      expect(d.decision, JSON.stringify(details)).toBe('hold');
      const reason = d.reasons.find((r) => r.code === 'permission.longer_grant');
      expect(reason?.message).toMatch(/24 hours/);
    }
  });

  it('reads "until Friday" and "temporary" as limits', () => {
    const friday = 'grant Nadia viewer on billing-dashboard until Friday';
    expect(decide(friday, grant({ role: 'viewer', until: 'friday' })).decision).toBe('publish');
    expect(decide(friday, grant({ role: 'viewer', duration: '30d' })).decision).toBe('hold');
    const temp = 'give Nadia temporary read access to billing-dashboard';
    expect(decide(temp, grant({ role: 'viewer', expires: '2026-12-04T17:00:00Z' })).decision).toBe('publish');
    expect(decide(temp, grant({ role: 'viewer' })).decision).toBe('hold');
  });

  it('ignores durations when the request set no limit', () => {
    const open = 'give Nadia read access to billing-dashboard';
    expect(decide(open, grant({ role: 'viewer' })).decision).toBe('publish');
  });
});

describe('requests typed in a hurry', () => {
  it('reads near-misses of key words', () => {
    expect(decide('anwser Nadia in #infra-help: it is in the box', reply('C1')).decision).toBe('publish');
    expect(decide('Post in the kitchen cahnnel: lunch is at noon', post('kitchen')).decision).toBe('publish');
  });
});

describe('meta-incidents are still caught', () => {
  for (const text of [
    "have a look at Nadia's message in #infra-help and tell me if it makes sense",
    'give me a recap of #infra-help today',
    "DM me your take on Nadia's question in #infra-help, nothing public",
    'write up an answer for Nadia that I can post myself',
    'draft a reply to Nadia in #infra-help and send it to me first',
  ]) {
    it(`"${text}" answers the requester only`, () => {
      expect(decide(text, dm('U1')).decision).toBe('publish');
      expect(decide(text, reply('infra-help')).decision).toBe('hold');
      expect(decide(text, post('C1')).decision).toBe('hold');
      expect(decide(text, dm('Nadia')).decision).toBe('hold');
    });
  }
});
