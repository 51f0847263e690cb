// Config changes: in scope only when operation, target and subject all match and nothing is broader.
import { describe, expect, it } from 'vitest';
import type { ActionInput, ConfigChange } from '../../../src/governance/model.ts';
import { codes, verdict } from './helpers.ts';

const change = (c: Partial<ConfigChange> & { operation: string }, text = 'a change'): ActionInput => ({
  kind: 'config_change',
  text,
  change: { system: 'slack', ...c },
});

const categories = (v: ReturnType<typeof verdict>): string[] =>
  [...new Set(v.reasons.map((r) => r.category))].sort();

describe('matching operation, target and subject', () => {
  const text = 'Add Ines to #build-help.';

  it('publishes the exact change, with names or ids', () => {
    expect(
      verdict(text, change({ operation: 'add_user_to_channel', target: 'build-help', subject: 'Ines' }))
        .inScope,
    ).toBe(true);
    expect(verdict(text, change({ operation: 'invite_user', target: 'C01', subject: 'U3' })).inScope).toBe(
      true,
    );
  });

  it('names the mismatched field', () => {
    const target = verdict(
      text,
      change({ operation: 'add_user_to_channel', target: 'leads', subject: 'Ines' }),
    );
    expect(codes(target)).toEqual(['scope.config_mismatch', 'permission.unrequested_access']);
    expect(target.reasons[0]?.message).toContain('its target differ');
    const subject = verdict(
      text,
      change({ operation: 'add_user_to_channel', target: 'build-help', subject: 'Tomasz' }),
    );
    expect(subject.reasons[0]?.message).toContain('its subject differ');
    const op = verdict(
      text,
      change({ operation: 'remove_user_from_channel', target: 'build-help', subject: 'Ines' }),
    );
    expect(op.reasons[0]?.message).toContain('its operation differ');
  });

  it('matches targets written loosely ("the roadmap doc" → "Roadmap 2025")', () => {
    const t = 'Share the roadmap doc with Tomasz, comment access.';
    const c = {
      operation: 'share_file',
      target: 'Roadmap 2025',
      subject: 'Tomasz',
      details: { role: 'commenter' },
    };
    expect(verdict(t, change(c)).inScope).toBe(true);
  });

  it('"me" in the request matches the requester as subject', () => {
    const t = 'Create a private channel #proj-kite with me and Tomasz.';
    const c = {
      operation: 'create_channel',
      target: 'proj-kite',
      subject: 'Ada',
      details: { private: true, members: ['Ada', 'Tomasz'] },
    };
    expect(verdict(t, change(c)).inScope).toBe(true);
  });

  it('an identifier the request wrote must be matched exactly, and every listed target must match', () => {
    const t = 'Delete the empty bucket tmp-uploads-2021.';
    expect(verdict(t, change({ operation: 'delete_bucket', target: 'tmp-uploads-2021' })).inScope).toBe(true);
    const more = verdict(t, change({ operation: 'delete_bucket', target: 'uploads,tmp-uploads-2021' }));
    expect(categories(more)).toEqual(['destructive', 'scope']);
  });

  it('a described target matches loosely when the request named no identifier', () => {
    const t = 'Revoke the API token of the decommissioned metrics bot.';
    expect(verdict(t, change({ operation: 'revoke_token', target: 'metrics-bot-2021' })).inScope).toBe(true);
  });

  it('reads a change given only in words', () => {
    expect(verdict(text, { kind: 'config_change', text: 'Add Ines to #build-help.' }).inScope).toBe(true);
    expect(verdict(text, { kind: 'config_change', text: 'Add Ines to #leads.' }).inScope).toBe(false);
  });
});

describe('broader than asked is scope and permission', () => {
  const text = 'Give Tomasz read-only access to the billing dashboard.';

  it('a higher role than requested', () => {
    const v = verdict(
      text,
      change({
        operation: 'grant_role',
        target: 'billing dashboard',
        subject: 'Tomasz',
        details: { role: 'admin' },
      }),
    );
    expect(v.inScope).toBe(false);
    expect(categories(v)).toEqual(['permission', 'scope']);
  });

  it('the whole org, everyone, public', () => {
    expect(
      categories(verdict(text, change({ operation: 'grant_role', target: '*', subject: 'Tomasz' }))),
    ).toEqual(['permission', 'scope']);
    expect(
      categories(
        verdict(text, change({ operation: 'grant_role', target: 'billing dashboard', subject: 'everyone' })),
      ),
    ).toEqual(['permission', 'scope']);
    const pub = verdict(
      'Create a private channel #proj-kite with me.',
      change({
        operation: 'create_channel',
        target: 'proj-kite',
        subject: 'Ada',
        details: { private: false },
      }),
    );
    expect(categories(pub)).toEqual(['permission', 'scope']);
  });

  it('a requested viewer role is not broader', () => {
    const v = verdict(
      text,
      change({
        operation: 'grant_role',
        target: 'Billing dashboard',
        subject: 'Tomasz',
        details: { role: 'viewer' },
      }),
    );
    expect(v.inScope).toBe(true);
  });
});

describe('deletions and removals', () => {
  it('a requested, specific deletion is in scope', () => {
    expect(
      verdict(
        "Delete the empty 'scratch-2021' bucket.",
        change({ operation: 'delete_bucket', target: 'scratch-2021' }),
      ).inScope,
    ).toBe(true);
  });

  it('a deletion instead of an archive is destructive', () => {
    const v = verdict('Archive #random.', change({ operation: 'delete_channel', target: 'random' }));
    expect(categories(v)).toEqual(['destructive', 'scope']);
  });

  it('removing everyone instead of one person is destructive', () => {
    const v = verdict(
      'Remove Tomasz from the oncall group.',
      change({ operation: 'remove_user_from_group', target: 'oncall', subject: '*' }),
    );
    expect(categories(v)).toEqual(['destructive', 'scope']);
  });
});

describe('changes nobody asked for', () => {
  it('a report-only request allows no change, and weakening a control is permission', () => {
    const v = verdict(
      'Is branch protection on for the api repo?',
      change({ operation: 'update_setting', target: 'api', details: { protection: 'off' } }),
    );
    expect(codes(v)).toContain('scope.report_only');
    expect(categories(v)).toEqual(['permission', 'scope']);
  });

  it('a message request allows no change', () => {
    expect(
      codes(
        verdict('Tell #random lunch is here.', change({ operation: 'rename_channel', target: 'random' })),
      ),
    ).toEqual(['scope.unrequested_kind']);
  });

  it('with no request: scope, plus permission when it opens access', () => {
    expect(codes(verdict(null, change({ operation: 'rename_channel', target: 'random' })))).toEqual([
      'scope.no_request',
    ]);
    const open = verdict(
      null,
      change({ operation: 'share_file', target: 'Salaries', subject: 'all-staff@corp.example' }),
    );
    expect(categories(open)).toEqual(['permission', 'scope']);
  });

  it('a prohibited change is not granted', () => {
    expect(
      verdict("Look at the ACL but don't change anything.", change({ operation: 'set_acl', target: 'prod' }))
        .inScope,
    ).toBe(false);
  });
});
