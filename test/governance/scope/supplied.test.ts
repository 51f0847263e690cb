// Links and broadcasts in an action are dropped when the request supplied or asked for them.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/governance/classify.ts';
import type { ActionInput, ClassifyInput } from '../../../src/governance/model.ts';
import { defaultPolicy, detector } from './helpers.ts';

function input(text: string, action: ActionInput): ClassifyInput {
  const request = {
    text,
    requester: { id: 'U1', name: 'Ada' },
    platform: 'slack',
    origin: { channel: 'D-ada', thread: null },
  };
  return { request, agent: { id: 'B1', name: 'relay-bot' }, action };
}

const categories = (d: { reasons: { category: string }[] }): string[] =>
  [...new Set(d.reasons.map((r) => r.category))].sort();

describe('links and broadcasts the request supplied', () => {
  const link = detector([
    {
      needle: 'https://wiki.example.com/oncall',
      code: 'link.url',
      category: 'link',
      severity: 'medium',
      value: 'https://wiki.example.com/oncall',
    },
  ]);
  const here = detector([
    { needle: '@here', code: 'broadcast.mention', category: 'broadcast', severity: 'medium', value: '@here' },
  ]);
  const everyone = detector([
    {
      needle: '@everyone',
      code: 'broadcast.mention',
      category: 'broadcast',
      severity: 'medium',
      value: '@everyone',
    },
  ]);
  const post = (text: string): ActionInput => ({ kind: 'post', channel: 'help', text });

  it('drops a link the request text carries, keeps one it does not', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: link });
    const text = 'Schedule: https://wiki.example.com/oncall';
    expect(
      c.classify(input('Post the schedule in #help: https://wiki.example.com/oncall', post(text))).decision,
    ).toBe('publish');
    expect(
      c.classify(input('Post the schedule in #help: wiki.example.com/oncall/', post(text))).decision,
    ).toBe('publish');
    const d = c.classify(input('Post the schedule in #help.', post(text)));
    expect(d.decision).toBe('hold');
    expect(categories(d)).toEqual(['link', 'policy']);
  });

  it('drops a broadcast the request asked for, or a narrower one', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: here });
    expect(
      c.classify(input('Post in #help with @here that the runner is back.', post('@here runner is back')))
        .decision,
    ).toBe('publish');
    expect(
      c.classify(input('Announce to everyone in #help that the runner is back.', post('@here back')))
        .decision,
    ).toBe('publish');
    expect(
      c.classify(input('Post in #help that the runner is back.', post('@here runner is back'))).decision,
    ).toBe('hold');
  });

  it('keeps a broader broadcast than the one asked for, and one that was forbidden', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: everyone });
    expect(
      c.classify(input('Post in #help with @here that it is back.', post('@everyone back'))).decision,
    ).toBe('hold');
    const d = c.classify(
      input("Post in #help that it is back, don't use @everyone.", post('@everyone back')),
    );
    expect(categories(d)).toContain('broadcast');
  });
});
