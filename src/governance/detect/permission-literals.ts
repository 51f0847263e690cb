// Literal permission settings found from rare anchors (`/0`, `*`, `/:/`, `=host`) and SQL grants:
// open networks, wildcard IAM actions and principals, host mounts and namespaces.
import {
  charSet,
  finding,
  inSet,
  isDigitCode,
  isSpaceCode,
  isWordCode,
  type KeywordHandler,
  type ScanContext,
  stickyAt,
} from './scan.ts';

const NET_CHAR = charSet('0-9a-fA-F.:');
const POLICY_CONTEXT = /actions?|allow|grant|polic|permission|iam|role|statement/i;
const SERVICE_CHAR = charSet('A-Za-z0-9*-');

const HOST_FLAG = /--(?:pid|ipc|userns)$/;

/** Literal settings, grouped by a rare anchor so the text is searched only a few times. */
export function scanLiterals(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('/0'); i !== -1; i = text.indexOf('/0', i + 2)) {
    const net = text.startsWith('0.0.0.0', i - 7) ? '0.0.0.0/0' : text.startsWith('::', i - 2) ? '::/0' : '';
    const s = i + 2 - net.length;
    if (!net || inSet(NET_CHAR, text.charCodeAt(s - 1)) || isDigitCode(text.charCodeAt(i + 2))) continue;
    ctx.add(
      finding(
        'permission.open_network',
        'permission',
        'high',
        `opens access to every address (${net})`,
        s,
        i + 2,
        { value: net },
      ),
    );
  }
  for (let i = text.indexOf('*'); i !== -1; i = text.indexOf('*', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if ((before === 34 || before === 39) && text.charCodeAt(i + 1) === before) starGrant(ctx, i - 1);
    else if (before === 58) serviceWildcard(ctx, i - 1);
  }
  for (let i = text.indexOf('/:/'); i !== -1; i = text.indexOf('/:/', i + 3)) {
    if (!/(?:-v|--volume)[\s=]{1,3}$/.test(text.slice(Math.max(0, i - 12), i))) continue;
    ctx.add(
      finding(
        'permission.privileged_container',
        'permission',
        'high',
        'mounts the host root filesystem',
        i,
        i + 3,
        { value: '/' },
      ),
    );
  }
  for (let i = text.indexOf('=host'); i !== -1; i = text.indexOf('=host', i + 5)) {
    const flag = HOST_FLAG.exec(text.slice(Math.max(0, i - 8), i))?.[0];
    if (!flag || isWordCode(text.charCodeAt(i + 5))) continue;
    ctx.add(
      finding(
        'permission.privileged_container',
        'permission',
        'high',
        `shares the host namespace (${flag}=host)`,
        i - flag.length,
        i + 5,
        { value: `${flag}=host` },
      ),
    );
  }
}

/** `s3:*`, `iam:*` in a policy: every action of a service. `i` is the colon. */
function serviceWildcard(ctx: ScanContext, i: number): void {
  const text = ctx.text;
  let s = i;
  while (s > 0 && i - s < 30 && inSet(SERVICE_CHAR, text.charCodeAt(s - 1))) s--;
  const before = text.charCodeAt(s - 1);
  const after = text.charCodeAt(i + 2);
  if (
    s === i ||
    !(
      Number.isNaN(before) ||
      before === 34 ||
      before === 39 ||
      before === 91 ||
      before === 44 ||
      isSpaceCode(before)
    )
  )
    return;
  if (isWordCode(after) || after === 42) return;
  // `command:*` is an event name in code; an IAM action sits in a policy.
  if (!POLICY_CONTEXT.test(text.slice(Math.max(0, s - 80), s))) return;
  const action = text.slice(s, i + 2);
  ctx.add(
    finding('permission.wildcard_action', 'permission', 'high', `allows every ${action} action`, s, i + 2, {
      value: action,
    }),
  );
}

/** `"Action": "*"`, `actions: ['*']`, `verbs: ["*"]`, `"Principal": {"AWS": "*"}` (JSON or YAML). */
const STAR_KEY =
  /\b(not)?(actions?|verbs|principals?|aws)["']?\s{0,3}(?:[:=]|\s(?:to|as|is|of)\s)\s{0,3}(?:\{\s{0,3}["']?aws["']?\s{0,3}:\s{0,3})?(?:\[\s{0,3})?$/i;

function starGrant(ctx: ScanContext, i: number): void {
  const m = STAR_KEY.exec(ctx.text.slice(Math.max(0, i - 48), i));
  if (!m) return;
  const key = (m[2] ?? '').toLowerCase();
  const principal = key.startsWith('principal') || key === 'aws';
  const code = principal ? 'permission.public_principal' : 'permission.wildcard_action';
  const message = principal
    ? 'grants to every principal ("Principal": "*")'
    : `allows every ${key === 'verbs' ? 'verb' : 'action'} ("*")`;
  ctx.add(finding(code, 'permission', 'high', message, i - m[0].length, i + 3, { value: '*' }));
}

const GRANT_SQL = /grant\s{1,3}[^;\n]{1,200}?\bto\s{1,3}(public\b|['"`]?[\w.-]{0,64}['"`]?@['"`]%['"`])/iy;

export const grantSql: KeywordHandler = (ctx, at) => {
  const m = stickyAt(GRANT_SQL, ctx.text, at);
  if (!m) return;
  const value = (m[1] ?? '').toLowerCase();
  ctx.add(
    finding('permission.broad_access', 'permission', 'high', `SQL grant to ${value}`, at, at + m[0].length, {
      value,
    }),
  );
};
