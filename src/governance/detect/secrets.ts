// The secrets family: provider credentials, private keys, JWTs, credentials in URLs and generic
// assignments. Provider tokens and JWTs are found inside long token runs (secret-runs.ts); the rest
// has its own cheap anchor (indexOf of a literal, name-part and prose keywords).
import type { Family, ScanContext } from './scan.ts';
import { CLI_KEYWORDS } from './secret-cli.ts';
import { matchAssignment, matchLoginPair, matchSecretWords, SECRET_NAME_PARTS } from './secret-generic.ts';
import { HASH_KEYWORDS, scanPasswordHashes } from './secret-hashes.ts';
import { matchPrivateKey, matchPutty } from './secret-keys.ts';
import { anchorKeywords, scanTokenRuns } from './secret-runs.ts';
import { scanUrlCredentials } from './secret-urls.ts';

const SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'pwd',
  'token',
  'secret',
  'api-key',
  'apikey',
];

export const secretsFamily: Family = {
  category: 'secret',
  nameKeywords: Object.fromEntries(SECRET_NAME_PARTS.map((w) => [w, matchAssignment])),
  keywords: {
    ...anchorKeywords(),
    ...HASH_KEYWORDS,
    ...CLI_KEYWORDS,
    begin: matchPrivateKey,
    'putty-user-key-file-': matchPutty,
    bearer: matchSecretWords,
    login: matchLoginPair,
    logins: matchLoginPair,
    credential: matchLoginPair,
    credentials: matchLoginPair,
    creds: matchLoginPair,
    username: matchLoginPair,
    'client-secret': matchSecretWords,
    'auth-token': matchSecretWords,
    ...Object.fromEntries(SECRET_WORDS.map((w) => [w, matchSecretWords])),
  },
  scan(ctx) {
    scanTokenRuns(ctx);
    scanUrlCredentials(ctx);
    scanPasswordHashes(ctx);
  },
  finish(ctx) {
    dropShadowed(ctx);
  },
};

/**
 * A generic assignment whose value is also a provider token (or sits inside one) says less than
 * the provider finding: keep the specific one.
 */
function dropShadowed(ctx: ScanContext): void {
  // Cheap exit for the common case: no generic finding, nothing to drop.
  let generic = false;
  for (const f of ctx.findings) if (isGeneric(f.code)) generic = true;
  if (!generic) return;
  const specific = ctx.findings
    .filter((f) => f.category === 'secret' && !isGeneric(f.code))
    .map((f) => f.span)
    .sort((a, b) => a[0] - b[0]);
  if (specific.length === 0) return;
  // maxEnd[k] = furthest end among the first k+1 specific spans (sorted by start).
  const maxEnd: number[] = [];
  for (const [, e] of specific) maxEnd.push(Math.max(e, maxEnd[maxEnd.length - 1] ?? 0));
  const overlapsSpecific = ([s, e]: [number, number]): boolean => {
    let lo = 0;
    let hi = specific.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (specific[mid]![0] < e) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && maxEnd[last]! > s;
  };
  ctx.retain((f) => !(isGeneric(f.code) && overlapsSpecific(f.span)));
}

const isGeneric = (code: string): boolean =>
  code === 'secret.generic' || code === 'secret.password' || code === 'secret.bearer_token';
