// Credentials inside URLs: `scheme://user:password@host` for any scheme (postgres, mongodb+srv,
// redis, amqp, https basic auth …), and `https://<token>:x-oauth-basic@github.com`.
import { isPlaceholder } from './allowlist.ts';
import { charSet, finding, inSet, type ScanContext } from './scan.ts';

const SCHEME_CHAR = charSet('A-Za-z0-9+.-');
/** Userinfo stops at whitespace, '/', '@' and quotes; bounded so a long run costs little. */
const USERINFO = /([^\s/@:'"<>]{0,128}):([^\s/@'"<>]{1,256})@([A-Za-z0-9.[\]:_-]{1,253})/y;

const LOCAL_HOSTS =
  /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[\w-]+\.local)(?::\d+)?$/i;
/** Words that stand for "the password goes here". */
const PLACEHOLDER_PW =
  /^(?:(?:my|your|some|the|db|user)?(?:pass|passwd|password|pwd|pw|secret)\d?|user|username)$/i;
/** Passwords every tutorial uses; still a finding, but not worth blocking. */
const TRIVIAL = /^(?:postgres|mysql|root|admin|guest|test|dev|user|pass|password|secret|1234|12345|123456)$/i;

function schemeBefore(text: string, colon: number): string {
  let s = colon;
  while (s > 0 && colon - s < 24 && inSet(SCHEME_CHAR, text.charCodeAt(s - 1))) s--;
  return text.slice(s, colon).toLowerCase();
}

export function scanUrlCredentials(ctx: ScanContext): void {
  const text = ctx.text;
  let i = text.indexOf('://');
  while (i !== -1) {
    const scheme = schemeBefore(text, i);
    const from = i + 3;
    USERINFO.lastIndex = from;
    const m = scheme ? USERINFO.exec(text) : null;
    if (!m) {
      i = text.indexOf('://', from);
      continue;
    }
    const user = m[1] ?? '';
    const password = m[2] ?? '';
    const host = m[3] ?? '';
    const userStart = from;
    const passStart = from + user.length + 1;
    if (password === 'x-oauth-basic' || password === 'x-oauth-token') {
      if (user.length >= 16 && !isPlaceholder(user)) {
        ctx.add(
          finding(
            'secret.url_credentials',
            'secret',
            'critical',
            `token in a ${scheme} URL`,
            userStart,
            passStart - 1,
            {
              blocking: true,
            },
          ),
        );
      }
    } else if (password.length >= 3 && !PLACEHOLDER_PW.test(password) && !isPlaceholder(password)) {
      const local = LOCAL_HOSTS.test(host);
      const trivial = TRIVIAL.test(password) || password === user;
      const live = !local && !trivial;
      ctx.add(
        finding(
          'secret.url_credentials',
          'secret',
          live ? 'critical' : 'high',
          `password in a ${scheme} connection string${local ? ' (local host)' : ''}`,
          passStart,
          passStart + password.length,
          { blocking: live },
        ),
      );
    }
    i = text.indexOf('://', from + m[0].length);
  }
}
