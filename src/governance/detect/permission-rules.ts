// Technical settings that widen access, each a bounded sticky regex run at its keyword: disabled TLS
// verification, disabled auth/MFA, world-writable modes, wildcard IAM, privileged containers.
import { finding, type KeywordHandler, stickyAt } from './scan.ts';

interface SettingRule {
  readonly keywords: readonly string[];
  readonly re: RegExp;
  readonly code: string;
  readonly label: string;
  /** Only when the keyword is a long option (`--insecure`). */
  readonly dashed?: boolean;
  /** Only when this precedes the keyword within 48 chars. */
  readonly after?: RegExp;
  /** The value to report; defaults to the matched text. */
  readonly value?: (m: RegExpExecArray) => string;
}

const SEP = String.raw`["']?\s{0,3}[=:]\s{0,3}["']?`;
const SWITCH = '(?:[-_]?(?:enabled|required|enforced|enforcement|check|mode|on))?';
const FALSE = '(?:false|0|no|off|none)\\b';
const TRUE = '(?:true|1|yes|on)\\b';
const y = (source: string): RegExp => new RegExp(source, 'iy');

const TLS = 'permission.disable_tls_verification';
const AUTH = 'permission.disable_auth';
const MODE = 'permission.world_writable';
const PRINCIPAL = 'permission.public_principal';
const CONTAINER = 'permission.privileged_container';

export const SETTING_RULES: readonly SettingRule[] = [
  {
    keywords: ['verify'],
    re: y(`verify(?:[-_]?(?:ssl|tls|certs?|certificates?|peer|host(?:name)?))?${SEP}${FALSE}`),
    code: TLS,
    label: 'turns off TLS certificate verification',
  },
  {
    keywords: ['ssl'],
    re: y(
      `ssl(?:mode\\s{0,3}[=:]\\s{0,3}["']?(?:disable|allow)\\b|[-_]?(?:verify|verification|validate|check|cert[-_]?reqs)["']?(?:\\s{0,3}[=:]\\s{0,3}|\\s{1,3})["']?(?:${FALSE.slice(0, -2)}|cert_none)\\b|${SEP}${FALSE})`,
    ),
    code: TLS,
    label: 'turns off TLS/SSL verification',
  },
  {
    keywords: ['tls'],
    re: y(
      `tls(?:[-_]?(?:verify|check|reject[-_]?unauthorized)${SEP}${FALSE}|[-_]?(?:insecure|skip[-_]?verify)${SEP}${TRUE})`,
    ),
    code: TLS,
    label: 'turns off TLS verification',
  },
  {
    keywords: ['insecure'],
    re: y('insecure(?:-skip-tls-verify)?\\b'),
    code: TLS,
    label: 'uses an insecure TLS flag',
    dashed: true,
  },
  {
    keywords: ['insecure'],
    re: y(`insecure[-_]?(?:skip[-_]?(?:tls[-_]?)?verify)?${SEP}${TRUE}`),
    code: TLS,
    label: 'turns off TLS verification',
  },
  {
    keywords: ['no-check-certificate'],
    re: y('no-check-certificate\\b'),
    code: TLS,
    label: 'skips certificate checks',
    dashed: true,
  },
  {
    keywords: ['node_tls_reject_unauthorized'],
    re: y(`node_tls_reject_unauthorized${SEP}0\\b`),
    code: TLS,
    label: 'turns off Node TLS verification',
  },
  {
    keywords: ['rejectunauthorized'],
    re: y(`rejectunauthorized${SEP}false\\b`),
    code: TLS,
    label: 'turns off TLS verification',
  },
  {
    keywords: ['stricthostkeychecking'],
    re: y(`stricthostkeychecking(?:${SEP}|\\s{1,3})no\\b`),
    code: TLS,
    label: 'turns off SSH host key checking',
  },
  {
    keywords: ['check_hostname'],
    re: y(`check_hostname${SEP}false\\b`),
    code: TLS,
    label: 'turns off hostname checks',
  },
  {
    keywords: ['cert_none', 'verify_none'],
    re: y('(?:cert|verify)_none\\b'),
    code: TLS,
    label: 'turns off certificate verification',
  },
  {
    keywords: ['strict-ssl'],
    re: y(`strict-ssl(?:${SEP}|\\s{1,3})false\\b`),
    code: TLS,
    label: 'turns off npm TLS checks',
  },
  {
    keywords: ['pythonhttpsverify'],
    re: y(`pythonhttpsverify${SEP}0\\b`),
    code: TLS,
    label: 'turns off Python TLS verification',
  },
  {
    keywords: ['git_ssl_no_verify'],
    re: y(`git_ssl_no_verify${SEP}${TRUE}`),
    code: TLS,
    label: 'turns off git TLS verification',
  },
  {
    keywords: ['curlopt_ssl_verifypeer', 'curlopt_ssl_verifyhost'],
    re: y(`curlopt_ssl_verify(?:peer|host)\\s{0,3}[,=]\\s{0,3}${FALSE}`),
    code: TLS,
    label: 'turns off curl TLS verification',
  },
  {
    keywords: ['curl'],
    re: y('curl\\b[^\\n|;&]{0,200}?\\s-[a-zA-Z]{0,5}k[a-zA-Z]{0,5}\\b'),
    code: TLS,
    label: 'curl -k skips TLS verification',
    value: () => 'curl -k',
  },
  // Authentication and MFA settings
  {
    keywords: ['no-auth', 'disable-auth', 'skip-auth'],
    re: y('(?:no|disable|skip)-auth\\b'),
    code: AUTH,
    label: 'turns off authentication',
    dashed: true,
  },
  {
    keywords: [
      'auth',
      'mfa',
      '2fa',
      'otp',
      'sso',
      'require_auth',
      'requireauth',
      'require-auth',
      'require_mfa',
      'requiremfa',
      'require_2fa',
      'require2fa',
      'require_login',
      'requirelogin',
    ],
    re: y(
      `(?:auth(?:entication|orization|n)?|mfa|2fa|otp|sso|require[-_]?(?:auth\\w{0,14}|mfa|2fa|login))${SWITCH}${SEP}${FALSE}`,
    ),
    code: AUTH,
    label: 'turns off an authentication setting',
  },
  {
    keywords: ['auth', 'mfa', '2fa', 'sso', 'ssl', 'tls'],
    re: y(`(?:auth(?:entication)?|mfa|2fa|sso|ssl|tls)[-_]?disabled?${SEP}${TRUE}`),
    code: AUTH,
    label: 'turns off an authentication or TLS setting',
  },
  {
    keywords: ['auth'],
    re: y(`auth(?:entication|orization)?(?:[-_]?(?:type|mode|method))?${SEP}(?:none|disabled?|anonymous)\\b`),
    code: AUTH,
    label: 'sets authentication to none',
  },
  {
    keywords: ['allow_anonymous'],
    re: y('allow_anonymous\\s{1,3}true\\b'),
    code: AUTH,
    label: 'allows anonymous access',
  },
  // Modes and sudo
  {
    keywords: ['chmod'],
    re: y(
      'chmod\\s{1,3}(?:-[A-Za-z]{1,4}\\s{1,3}){0,3}(0?777|0?666|[ugoa]{0,4}\\+rwx|[ugoa]{0,3}o\\+w|a\\+w|o\\+rw)(?![\\w+])',
    ),
    code: MODE,
    label: 'makes files world-writable',
    value: (m) => m[1] ?? '',
  },
  {
    keywords: ['nopasswd'],
    re: y('nopasswd\\s{0,3}:\\s{0,3}all\\b'),
    code: 'permission.sudo_nopasswd',
    label: 'passwordless sudo for everything',
    value: () => 'NOPASSWD: ALL',
  },
  // Containers
  {
    keywords: ['privileged'],
    re: y('privileged(?!\\s{0,3}=\\s{0,3}false)\\b'),
    code: CONTAINER,
    label: 'runs a privileged container',
    dashed: true,
  },
  {
    keywords: ['privileged'],
    re: y(`privileged${SEP}${TRUE}`),
    code: CONTAINER,
    label: 'runs a privileged container',
  },
  {
    keywords: ['allowprivilegeescalation'],
    re: y(`allowprivilegeescalation${SEP}${TRUE}`),
    code: CONTAINER,
    label: 'allows privilege escalation',
  },
  {
    keywords: ['hostnetwork', 'hostpid', 'hostipc'],
    re: y(`host(?:network|pid|ipc)${SEP}${TRUE}`),
    code: CONTAINER,
    label: 'shares host namespaces',
  },
  {
    keywords: ['hostpath'],
    re: y(
      `hostpath["']?\\s{0,3}:\\s{0,3}\\{?\\s{0,16}["']?path["']?\\s{0,3}:\\s{0,3}["']?/["']?(?=[\\s,}]|$)`,
    ),
    code: CONTAINER,
    label: 'mounts the host root filesystem',
  },
  {
    keywords: ['docker.sock'],
    re: y('docker\\.sock\\b'),
    code: CONTAINER,
    label: 'mounts the Docker socket (root on the host)',
    after: /(?:-v|--volume|--mount|volumes?:|hostpath|mountpath|source=)/i,
  },
  {
    keywords: ['cap-add', 'cap_add'],
    re: y(`cap[-_]add(?:[\\s=:]{1,3}\\[?\\s{0,3})["']?(all|sys_admin)\\b`),
    code: CONTAINER,
    label: 'adds all/SYS_ADMIN capabilities',
    value: (m) => m[1] ?? '',
  },
  {
    keywords: ['seccomp', 'apparmor'],
    re: y(`(?:seccomp|apparmor)(?:[-_]?profile)?${SEP}unconfined\\b`),
    code: CONTAINER,
    label: 'turns off container confinement',
  },
  {
    keywords: ['system:authenticated', 'system:unauthenticated', 'system:anonymous'],
    re: y('system:(?:authenticated|unauthenticated|anonymous)\\b'),
    code: PRINCIPAL,
    label: 'binds a role to every (un)authenticated user',
  },
];

export function settingHandlers(): Record<string, KeywordHandler> {
  const byKeyword = new Map<string, SettingRule[]>();
  for (const rule of SETTING_RULES) {
    for (const k of rule.keywords) byKeyword.set(k, [...(byKeyword.get(k) ?? []), rule]);
  }
  const out: Record<string, KeywordHandler> = {};
  for (const [k, rules] of byKeyword) {
    out[k] = (ctx, at) => {
      const text = ctx.text;
      const dashed = text[at - 1] === '-' && text[at - 2] === '-';
      for (const rule of rules) {
        if (rule.dashed && !dashed) continue;
        if (rule.after && !rule.after.test(text.slice(Math.max(0, at - 48), at))) continue;
        const m = stickyAt(rule.re, text, at);
        if (!m) continue;
        const start = rule.dashed ? at - 2 : at;
        const end = at + m[0].length;
        const value = rule.value ? rule.value(m) : text.slice(start, end);
        ctx.add(finding(rule.code, 'permission', 'high', rule.label, start, end, { value }));
        return;
      }
    };
  }
  return out;
}
