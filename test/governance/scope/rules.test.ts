// Each scope rule: answering the requester, report-only verbs, respond verbs, "tell X", kinds, null.
import { describe, expect, it } from 'vitest';
import { codes, dm, post, reply, verdict } from './helpers.ts';

describe('answering the requester', () => {
  it('allows a DM to the requester for any request, by id or by name', () => {
    expect(verdict('Analyze the flaky test thread.', dm('U1')).inScope).toBe(true);
    expect(verdict('Analyze the flaky test thread.', dm('Ada')).inScope).toBe(true);
  });

  it('allows a reply where the requester spoke, in the same thread when one is given', () => {
    const over = { origin: { channel: 'C01', thread: '555.1' } };
    expect(verdict('What broke the build?', reply('C01', '555.1'), over).inScope).toBe(true);
    expect(verdict('What broke the build?', reply('build-help', '555.1'), over).inScope).toBe(true);
    expect(verdict('What broke the build?', reply('C01', '999.9'), over).inScope).toBe(false);
    expect(verdict('What broke the build?', post('C01'), over).inScope).toBe(false);
  });

  it('marks the answer as going to the requester', () => {
    expect(verdict('Summarize the incident.', dm('U1')).toRequester).toBe(true);
  });
});

describe('report-only verbs allow nothing else', () => {
  const reportOnly = [
    "Analyze Tomasz's question in #build-help.",
    'Look into why the cache misses and get back to me.',
    'Could you summarize the #random thread about parking?',
    'Review the migration plan Ines shared and tell me what you think.',
    'Investigate the 502s in #build-help, just tell me.',
    'What do you think of the proposal Tomasz posted?',
    'Brief me on the partner call.',
    'Draft a reply to Tomasz and pass it back to me to check.',
    'Research the licensing question, for my eyes only.',
  ];
  for (const text of reportOnly) {
    it(`"${text}" does not allow a reply in #build-help`, () => {
      const v = verdict(text, reply('build-help'));
      expect(v.inScope).toBe(false);
      expect(codes(v)).toEqual(['scope.report_only']);
    });
  }

  it('names the requester, the agent, the verb and the place in the message', () => {
    const v = verdict("Analyze Tomasz's question in #build-help.", reply('C01'));
    expect(v.reasons[0]?.message).toBe(
      'Ada asked relay-bot to analyze and report back, not to reply in #build-help',
    );
  });
});

describe('respond verbs allow the kinds and targets they name', () => {
  it('allows a reply in the named channel and not elsewhere', () => {
    const text = 'Reply to Tomasz in #build-help with the workaround.';
    expect(verdict(text, reply('build-help')).inScope).toBe(true);
    const other = verdict(text, reply('random'));
    expect(codes(other)).toEqual(['scope.unrequested_target']);
    expect(other.reasons[0]?.message).toContain('not to reply in #random');
  });

  it('treats a post where a reply was asked for as a different kind', () => {
    expect(codes(verdict('Reply to Tomasz in #build-help with the workaround.', post('build-help')))).toEqual(
      ['scope.unrequested_kind'],
    );
  });

  it('allows a post or a reply for post/announce/tell aimed at a channel', () => {
    for (const text of [
      'Post the release notes in #random.',
      'Announce the outage in #random.',
      'Tell #random lunch is here.',
    ]) {
      expect(verdict(text, post('random')).inScope).toBe(true);
      expect(verdict(text, reply('random')).inScope).toBe(true);
      expect(verdict(text, dm('Tomasz')).inScope).toBe(false);
    }
  });

  it('"tell X" / "let X know" allow a DM to X or a reply in X\'s thread, not a DM to someone else', () => {
    for (const text of ['Tell Ines the build is green.', 'Let Ines know the build is green.']) {
      expect(verdict(text, dm('Ines')).inScope).toBe(true);
      expect(verdict(text, dm('U3')).inScope).toBe(true);
      expect(verdict(text, reply('build-help')).inScope).toBe(true);
      expect(verdict(text, dm('Tomasz')).inScope).toBe(false);
      expect(verdict(text, post('random')).inScope).toBe(false);
    }
  });

  it('a DM request allows only the DM', () => {
    expect(verdict('DM Tomasz that the laptop is ready.', dm('Tomasz')).inScope).toBe(true);
    expect(codes(verdict('DM Tomasz that the laptop is ready.', reply('build-help')))).toEqual([
      'scope.unrequested_kind',
    ]);
  });

  it('e-mail addresses are DM recipients', () => {
    const text = 'Email the signed form to legal@vendor.example.';
    expect(verdict(text, dm('legal@vendor.example')).inScope).toBe(true);
    expect(verdict(text, dm('other@vendor.example')).inScope).toBe(false);
  });

  it('"explain to X in #channel" is a respond, "explain it to me" is a report', () => {
    expect(
      verdict('Explain to Tomasz in #build-help why the cache misses.', reply('build-help')).inScope,
    ).toBe(true);
    expect(verdict('Explain the cache misses to me.', reply('build-help')).inScope).toBe(false);
  });

  it('names in the dictated message are not targets', () => {
    const text = 'Reply to Tomasz in #build-help: he should ask in #random.';
    expect(verdict(text, reply('build-help')).inScope).toBe(true);
    expect(verdict(text, post('random')).inScope).toBe(false);
  });
});

describe('no request', () => {
  it('is never in scope', () => {
    for (const action of [post('random'), reply('build-help'), dm('U1')]) {
      const v = verdict(null, action);
      expect(v.inScope).toBe(false);
      expect(codes(v)).toEqual(['scope.no_request']);
      expect(v.reasons[0]?.message).toContain('relay-bot acted on its own');
    }
  });
});
