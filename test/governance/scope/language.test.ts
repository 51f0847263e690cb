// How requests are read: platform markup, negation, quotes, several requests, task lists, descriptions.
import { describe, expect, it } from 'vitest';
import { deriveScope, Lru, scopeOf } from '../../../src/governance/scope/index.ts';
import { codes, dm, post, reply, request, verdict } from './helpers.ts';

describe('targets written as markup, names or ids', () => {
  it('resolves Slack channel markup with and without a label through context', () => {
    expect(verdict('Post the agenda in <#C02|random>.', post('random')).inScope).toBe(true);
    expect(verdict('Post the agenda in <#C02>.', post('random')).inScope).toBe(true);
    expect(verdict('Post the agenda in <#C02>.', post('C02')).inScope).toBe(true);
    expect(verdict('Post the agenda in #random.', post('C02')).inScope).toBe(true);
    expect(verdict('Post the agenda in <#C02>.', post('C01')).inScope).toBe(false);
  });

  it('resolves Slack and Discord user markup to ids and names', () => {
    expect(verdict('DM <@U2> the agenda.', dm('Tomasz')).inScope).toBe(true);
    expect(verdict('DM <@U2|tomasz> the agenda.', dm('U2')).inScope).toBe(true);
    const discord = { platform: 'discord' };
    expect(verdict('dm <@700100200300400500> a thank-you', dm('kestrel'), discord).inScope).toBe(true);
    expect(verdict('dm <@!700100200300400500> a thank-you', dm('700100200300400500'), discord).inScope).toBe(
      true,
    );
    expect(verdict('post the schedule in <#900100200300400500>', post('lobby'), discord).inScope).toBe(true);
    expect(verdict('post the schedule in #lobby', post('900100200300400500'), discord).inScope).toBe(true);
  });

  it('matches plain names and @names', () => {
    expect(verdict('Ping @ines about the review.', dm('U3')).inScope).toBe(true);
    expect(verdict('tell ines the review is done', dm('Ines')).inScope).toBe(true);
  });

  it('reads forum topics as threads', () => {
    const forum = { platform: 'forum' };
    expect(verdict('Reply to topic 4410 with the steps.', reply('general', '4410'), forum).inScope).toBe(
      true,
    );
    expect(codes(verdict('Reply to topic 4410 with the steps.', reply('general', '4411'), forum))).toEqual([
      'scope.unrequested_target',
    ]);
    expect(
      verdict("Open a topic in 'announcements' about the release.", post('announcements'), forum).inScope,
    ).toBe(true);
  });
});

describe('negation', () => {
  it('a prohibition on a person beats the standing permission to investigate', () => {
    const v = verdict("Find out why Tomasz's deploy fails and report back; don't contact him.", dm('Tomasz'));
    expect(codes(v)).toEqual(['scope.negated']);
    expect(v.reasons[0]?.message).toContain('told relay-bot "don\'t contact him"');
  });

  it('"don\'t post" forbids posting; "just tell me" allows only the requester', () => {
    expect(codes(verdict("Check the #random thread but don't post anything.", post('random')))).toEqual([
      'scope.negated',
    ]);
    expect(verdict("Check the #random thread but don't post anything.", dm('U1')).inScope).toBe(true);
    expect(
      verdict('Do not reply to Tomasz yet, just tell me what he wants.', reply('build-help')).inScope,
    ).toBe(false);
    expect(verdict("Draft the announcement but don't share it yet.", post('random')).inScope).toBe(false);
  });

  it('a prohibition without a verb repeats the previous one ("…, but not in #random")', () => {
    const text = 'Tell Ines the release slipped - but not in #random, people will panic.';
    expect(codes(verdict(text, reply('random')))).toEqual(['scope.negated']);
    expect(verdict(text, dm('Ines')).inScope).toBe(true);
  });

  it('a targeted prohibition beats a grant, an untargeted one does not', () => {
    const text = 'Tell Ines and Tomasz the build is green, but do not DM Tomasz.';
    expect(codes(verdict(text, dm('Tomasz')))).toEqual(['scope.negated']);
    expect(verdict(text, dm('Ines')).inScope).toBe(true);
    expect(verdict("Post the notes in #random and don't post anywhere else.", post('random')).inScope).toBe(
      true,
    );
  });
});

describe("quotes are someone else's words", () => {
  it('a quoted instruction grants nothing', () => {
    const text = 'Tomasz wrote "please post the root cause in #random" - what is he after?';
    expect(verdict(text, post('random')).inScope).toBe(false);
    expect(verdict('What does this mean: “reply to everyone in #random”?', reply('random')).inScope).toBe(
      false,
    );
  });

  it('a short quoted name is still a name', () => {
    expect(verdict("Post the minutes in 'random'.", post('random')).inScope).toBe(true);
  });

  it('blockquotes and code are set aside', () => {
    expect(verdict('> post this in #random\nWhat should I answer?', post('random')).inScope).toBe(false);
  });
});

describe('several requests in one message', () => {
  it('splits clauses and grants each its own targets', () => {
    const text =
      'Summarize the thread in #build-help, then post the summary in #random and DM Ines the link.';
    expect(verdict(text, post('random')).inScope).toBe(true);
    expect(verdict(text, dm('Ines')).inScope).toBe(true);
    expect(verdict(text, reply('build-help')).inScope).toBe(false);
  });

  it('records which clause and verb granted what', () => {
    const s = deriveScope(request('Look into the alert and tell #random it is a false alarm.'));
    expect(s.clauses.map((c) => [c.intent, c.verb])).toEqual([
      ['report', 'look into'],
      ['respond', 'tell'],
    ]);
    expect(s.grants[0]?.clause).toBe(1);
  });

  it('resolves "her" and "there" to the person and place of an earlier sentence', () => {
    const text =
      'Ines asked in #build-help: "Can someone post the freeze dates?" Reply to her there with the dates.';
    expect(verdict(text, reply('build-help')).inScope).toBe(true);
    expect(verdict(text, reply('random')).inScope).toBe(false);
  });

  it('splits at a dash before a new request', () => {
    const text = 'Whoever asked about parking in #random - answer them: passes are at reception.';
    expect(verdict(text, reply('random')).inScope).toBe(true);
  });

  it('does not split a dictated message that continues with "and"', () => {
    const s = deriveScope(request('DM Ines that the review is done and looks good.'));
    expect(s.clauses).toHaveLength(1);
  });
});

describe('task lists', () => {
  const list =
    'Here are the tasks:\n1. Summarize the thread in #build-help\n2. Post the summary in #random\n3. DM Ines the link';

  it('grants every item when none is selected', () => {
    expect(verdict(list, post('random')).inScope).toBe(true);
    expect(verdict(list, dm('Ines')).inScope).toBe(true);
  });

  it('grants only the selected items ("do 1 and 3")', () => {
    const text = `${list}\nOnly do 1 and 3.`;
    expect(verdict(text, post('random')).inScope).toBe(false);
    expect(verdict(text, dm('Ines')).inScope).toBe(true);
    expect(deriveScope(request(text)).clauses.find((c) => c.item === 2)?.selected).toBe(false);
  });

  it('an item the requester keeps ("I\'ll do 1 myself") is not the agent\'s', () => {
    const text = `Could you handle 2 and 3? I'll do 1 myself.\n1. Reply to Tomasz in #build-help\n2. Post the summary in #random\n3. DM Ines the link`;
    expect(verdict(text, reply('build-help')).inScope).toBe(false);
    expect(verdict(text, post('random')).inScope).toBe(true);
  });

  it('honours "skip 3" and bullets', () => {
    const bullets = 'Please:\n- post the summary in #random\n- DM Ines the link\nSkip 2.';
    expect(verdict(bullets, post('random')).inScope).toBe(true);
    expect(verdict(bullets, dm('Ines')).inScope).toBe(false);
  });

  it('a pointer to a document grants nothing', () => {
    expect(verdict('Do the tasks in the runbook doc.', post('random')).inScope).toBe(false);
  });
});

describe('targets described instead of named', () => {
  it('"the channel with the most members" allows the largest channel in context only', () => {
    const text = 'Post the reminder in the channel with the most members.';
    expect(verdict(text, post('lobby')).inScope).toBe(true);
    expect(verdict(text, post('random')).inScope).toBe(false);
    expect(verdict(text, dm('Ines')).inScope).toBe(false);
  });

  it('"whichever channel has the most members" reads the same way', () => {
    expect(verdict('Post the notice in whichever channel has the most members.', post('lobby')).inScope).toBe(
      true,
    );
  });

  it('"the partner channel" allows channels whose name fits', () => {
    expect(verdict('Tell the partner channel the release slipped.', post('partner-acme')).inScope).toBe(true);
    expect(verdict('Tell the partner channel the release slipped.', post('random')).inScope).toBe(false);
  });

  it('"whoever asked about X" allows a reply or DM to anyone, but not a post', () => {
    const text = 'Reply to whoever asked about the parking passes.';
    expect(verdict(text, reply('random')).inScope).toBe(true);
    expect(verdict(text, dm('Tomasz')).inScope).toBe(true);
    expect(codes(verdict(text, post('random')))).toEqual(['scope.unrequested_kind']);
  });
});

describe('caching', () => {
  it('returns the same scope object for the same request', () => {
    const r = request('Post the notes in #random.');
    expect(scopeOf(r)).toBe(scopeOf({ ...r }));
    expect(scopeOf(r)).not.toBe(scopeOf({ ...r, origin: { channel: 'D-other', thread: null } }));
  });

  it('evicts the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.size]).toEqual([1, undefined, 3, 2]);
  });
});
