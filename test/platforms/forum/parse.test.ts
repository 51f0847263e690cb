// The pure parts of the inbound half: the HMAC check, reply commands, mentions, and which review post a
// reply answers.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { versionFor } from '../../../src/platforms/forum/inbound/handler.ts';
import { mentionsIn, parseCommand, PostEvent } from '../../../src/platforms/forum/inbound/parse.ts';
import { verifyWebhook } from '../../../src/platforms/forum/inbound/verify.ts';
import { postPayload } from './helpers.ts';

const body = Buffer.from('{"post":{"id":1}}');
const sig = (secret: string, b: Buffer) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;

describe('verifyWebhook', () => {
  it('accepts the HMAC-SHA256 of the raw body (hex in either case) and nothing else', () => {
    expect(
      verifyWebhook('s3cret-s3cret', { 'x-discourse-event-signature': sig('s3cret-s3cret', body) }, body),
    ).toEqual({
      ok: true,
    });
    expect(
      verifyWebhook(
        's3cret-s3cret',
        {
          'x-discourse-event-signature': sig('s3cret-s3cret', body).toUpperCase().replace('SHA256', 'sha256'),
        },
        body,
      ).ok,
    ).toBe(true);
    expect(verifyWebhook('s3cret-s3cret', {}, body)).toEqual({
      ok: false,
      why: 'missing X-Discourse-Event-Signature',
    });
    expect(verifyWebhook('s3cret-s3cret', { 'x-discourse-event-signature': 'sha1=abc' }, body).ok).toBe(
      false,
    );
    expect(
      verifyWebhook('s3cret-s3cret', { 'x-discourse-event-signature': sig('other-secret', body) }, body),
    ).toEqual({
      ok: false,
      why: 'bad signature',
    });
    const changed = Buffer.from('{"post":{"id":2}}');
    expect(
      verifyWebhook('s3cret-s3cret', { 'x-discourse-event-signature': sig('s3cret-s3cret', body) }, changed)
        .ok,
    ).toBe(false);
  });
});

describe('parseCommand', () => {
  it('reads approve, reject with or without a reason, edit with the text, and requester replies', () => {
    expect(parseCommand('approve')).toEqual({ verb: 'approve' });
    expect(parseCommand('  Approve.\n')).toEqual({ verb: 'approve' });
    expect(parseCommand('reject')).toEqual({ verb: 'reject', reason: null });
    expect(parseCommand('reject: not yet\nwait for the announcement')).toEqual({
      verb: 'reject',
      reason: 'not yet\nwait for the announcement',
    });
    expect(parseCommand('edit:\nLine one\n\nLine two')).toEqual({
      verb: 'edit',
      text: 'Line one\n\nLine two',
    });
    expect(parseCommand('edit: Short text')).toEqual({ verb: 'edit', text: 'Short text' });
    expect(parseCommand('edit:')).toBeNull();
    expect(parseCommand('let it post')).toEqual({ verb: 'release' });
    expect(parseCommand('discard')).toEqual({ verb: 'discard' });
  });

  it('treats anything else as conversation', () => {
    for (const s of [
      'I approve of this in principle',
      'approve?',
      'looks good',
      'rejected already',
      'editing now',
    ])
      expect(parseCommand(s), s).toBeNull();
  });
});

describe('mentionsIn', () => {
  it('finds @names outside code, once each, as written', () => {
    expect(mentionsIn('@HelperBot can you and @omar.k look? cc @helperbot')).toEqual(['HelperBot', 'omar.k']);
    expect(mentionsIn('mail me at a@b.com, `@notme`, and\n```\n@neither\n```')).toEqual([]);
    expect(mentionsIn('trailing @bot.')).toEqual(['bot']);
  });
});

describe('the post event schema', () => {
  it('names the bad field', () => {
    const r = PostEvent.safeParse({
      post: { ...postPayload({ id: 1, username: 'u', raw: 'x' }).post, post_number: -1 },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['post', 'post_number']);
  });
});

describe('versionFor', () => {
  const versions = [
    { post: 1, id: 10, hash: 'a' },
    { post: 4, id: 40, hash: 'b' },
  ];
  const reply = (post_number: number, reply_to_post_number: number | null) => ({
    ...postPayload({ id: 9, username: 'r', raw: 'approve' }).post,
    post_number,
    reply_to_post_number,
  });
  it('binds a reply to the review post it answers, else to the last review post above it', () => {
    expect(versionFor(versions, reply(3, 1))?.hash).toBe('a');
    expect(versionFor(versions, reply(6, 1))?.hash).toBe('a');
    expect(versionFor(versions, reply(6, 4))?.hash).toBe('b');
    expect(versionFor(versions, reply(3, null))?.hash).toBe('a');
    expect(versionFor(versions, reply(6, null))?.hash).toBe('b');
    expect(versionFor(versions, reply(6, 5))?.hash).toBe('b');
  });
});
