import { describe, expect, it } from 'vitest';
import { detectBroadcast, MASS_MENTIONS } from '../../../src/governance/detect/index.ts';

const found = (text: string) =>
  detectBroadcast(text).map((f) => [f.code, f.value, text.slice(f.span[0], f.span[1])]);

describe('broadcasts', () => {
  it('finds @channel, @here and @everyone in plain text and Slack markup', () => {
    expect(
      found('@channel deploy at 5, <!here> please review, @everyone thanks, <!channel|channel>'),
    ).toEqual([
      ['broadcast.mention', '@channel', '@channel'],
      ['broadcast.mention', '@here', '<!here>'],
      ['broadcast.mention', '@everyone', '@everyone'],
      ['broadcast.mention', '@channel', '<!channel|channel>'],
    ]);
    for (const f of detectBroadcast('<!everyone>'))
      expect(f).toMatchObject({ category: 'broadcast', severity: 'medium' });
  });

  it('finds Slack user-group and Discord role mentions', () => {
    expect(found('<!subteam^S0123ABC|@oncall> and <@&112233445566778899>')).toEqual([
      ['broadcast.group_mention', '@oncall', '<!subteam^S0123ABC|@oncall>'],
      ['broadcast.role_mention', '<@&112233445566778899>', '<@&112233445566778899>'],
    ]);
  });

  it(`reports ${MASS_MENTIONS}+ distinct people as one mass mention`, () => {
    const ids = Array.from({ length: MASS_MENTIONS }, (_, i) => `<@U0${i}ABCDEF>`);
    const text = `FYI ${ids.join(' ')} see above`;
    const hits = detectBroadcast(text);
    expect(hits).toMatchObject([{ code: 'broadcast.mass_mention', value: 'mass-mention' }]);
    expect(text.slice(hits[0]!.span[0], hits[0]!.span[1])).toBe(ids.join(' '));
    const discord = Array.from({ length: MASS_MENTIONS }, (_, i) => `<@1000000000000000${10 + i}>`).join(' ');
    expect(detectBroadcast(discord).map((f) => f.code)).toEqual(['broadcast.mass_mention']);
    const plain = Array.from({ length: MASS_MENTIONS }, (_, i) => `@user${i}`).join(', ');
    expect(detectBroadcast(plain).map((f) => f.code)).toEqual(['broadcast.mass_mention']);
  });

  it('does not count repeats, a few mentions, e-mails, scoped packages or decorators', () => {
    expect(detectBroadcast(Array(20).fill('<@U0ABCDEF>').join(' '))).toEqual([]);
    expect(detectBroadcast('@priya @sam can you look?')).toEqual([]);
    expect(detectBroadcast('mail here@acme.io or channel@acme.io')).toEqual([]);
    expect(
      detectBroadcast(
        'npm i @types/node @vitest/ui @biomejs/biome @scope/a @scope/b @scope/c @scope/d @scope/e',
      ),
    ).toEqual([]);
    expect(
      detectBroadcast(
        '@Injectable() @Component() @Input() @Output() @ViewChild() @HostListener() @Pipe() @NgModule()',
      ),
    ).toEqual([]);
    expect(detectBroadcast('the herein @hereafter clause')).toEqual([]);
  });
});
