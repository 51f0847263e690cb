// Admin rights handed out: admin groups (`finance-admins`, `org-owners`), cloud admin policies
// (AdministratorAccess, roles/owner, cluster-admin), "owner on the org", and personal accounts
// added as logins. A verb of granting must be near for the group and role forms.
import { addKeyword, finding, type KeywordHandler, type ScanContext, stickyAt } from './scan.ts';

const GRANT_VERB =
  /\b(?:add|adding|added|put|putting|grant\w*|give|gave|giving|assign\w*|invite\w*|make|making|move|attach\w*|bind\w*|join)\b/i;

function grantNear(ctx: ScanContext, at: number): boolean {
  const [s, e] = ctx.sentenceAt(at);
  return ctx.memo('permission.grant-verb', s, () => GRANT_VERB.test(ctx.text.slice(s, e)));
}

function report(ctx: ScanContext, start: number, end: number, value: string, message: string): void {
  ctx.add(finding('permission.broad_admin', 'permission', 'high', message, start, end, { value }));
}

const GROUP_NAME = /[\w-]{0,40}$/;
const GROUP_AFTER = /(?:admins?|administrators|owners?|sudoers|wheel)(?:\s+(?:group|team|role))?\b/iy;

/** `finance-admins`, `org-owners`, the `sudoers` / `wheel` group, when someone is put in it. */
const adminGroup: KeywordHandler = (ctx, at) => {
  const text = ctx.text;
  const m = stickyAt(GROUP_AFTER, text, at);
  if (!m) return;
  const prefix = GROUP_NAME.exec(text.slice(Math.max(0, at - 40), at))?.[0] ?? '';
  const named = prefix.endsWith('-') || prefix.endsWith('_') || /\s(?:group|team|role)$/i.test(m[0]);
  if (!named || !grantNear(ctx, at)) return;
  const start = at - prefix.length;
  const value = text.slice(start, at + m[0].length).toLowerCase();
  report(ctx, start, at + m[0].length, value, `adds someone to the admin group ${value}`);
};

const ADMIN_POLICY =
  /(?:administratoraccess|poweruseraccess|iamfullaccess|roles\/(?:owner|editor)|cluster-admin)\b/iy;

const adminPolicy: KeywordHandler = (ctx, at) => {
  const m = stickyAt(ADMIN_POLICY, ctx.text, at);
  if (!m) return;
  if (m[0].toLowerCase() === 'cluster-admin' && !grantNear(ctx, at)) return;
  report(ctx, at, at + m[0].length, m[0], `grants the ${m[0]} admin policy`);
};

const OWNER_ON =
  /(?:owner|admin|administrator)['"]?\s+(?:role\s+|rights\s+|access\s+)?(?:on|of|for|to|in)\s+(?:the\s+|your\s+|our\s+)?(?:whole\s+)?(?:org|organi[sz]ation|workspace|tenant|account|enterprise|subscription)\b/iy;

/** "give the release bot 'owner' on the org". */
const ownerOn: KeywordHandler = (ctx, at) => {
  const m = stickyAt(OWNER_ON, ctx.text, at);
  if (!m || !grantNear(ctx, at)) return;
  report(ctx, at, at + m[0].length, m[0].toLowerCase(), 'grants owner/admin on the whole organization');
};

const PERSONAL = /personal\s+(?:gmail|google|e-?mail|account|address|device|phone|laptop|dropbox)\b/iy;

/** "put your personal Dropbox on the shared vault as a recovery login". */
const personalAccount: KeywordHandler = (ctx, at) => {
  const m = stickyAt(PERSONAL, ctx.text, at);
  if (!m || !grantNear(ctx, at)) return;
  const value = m[0].toLowerCase();
  ctx.add(
    finding(
      'permission.personal_account',
      'permission',
      'high',
      `adds a ${value} to a work account`,
      at,
      at + m[0].length,
      {
        value,
      },
    ),
  );
};

const STANDING =
  /(?:(?:no|without(?:\s+an?)?|never)\s{1,3}(?:expiry|expiration|end\s+date|time\s+limit)|never\s+expires?|permanent(?:ly)?|indefinitely|forever)\b/iy;

/** "Grant Olek the orders-prod role (no expiry)": access that never lapses. */
const standingAccess: KeywordHandler = (ctx, at) => {
  const m = stickyAt(STANDING, ctx.text, at);
  if (!m || !grantNear(ctx, at)) return;
  ctx.add(
    finding(
      'permission.standing_access',
      'permission',
      'high',
      'grants access with no expiry',
      at,
      at + m[0].length,
      {
        value: m[0].toLowerCase(),
      },
    ),
  );
};

export const adminGrantKeywords: Record<string, KeywordHandler> = {
  'no ': standingAccess,
  without: standingAccess,
  never: standingAccess,
  permanent: standingAccess,
  permanently: standingAccess,
  indefinitely: standingAccess,
  forever: standingAccess,
  admins: adminGroup,
  admin: adminGroup,
  administrators: adminGroup,
  owners: adminGroup,
  owner: adminGroup,
  sudoers: adminGroup,
  wheel: adminGroup,
  administratoraccess: adminPolicy,
  poweruseraccess: adminPolicy,
  iamfullaccess: adminPolicy,
  'roles/owner': adminPolicy,
  'roles/editor': adminPolicy,
  'cluster-admin': adminPolicy,
  personal: personalAccount,
};
// "owner"/"admin" also open the "owner on the org" form.
for (const w of ['owner', 'admin', 'administrator']) addKeyword(adminGrantKeywords, w, ownerOn);
