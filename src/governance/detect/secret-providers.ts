// Provider credential formats (the families gitleaks and secretlint know, and a few more). Each rule
// starts with a literal, case-sensitive prefix: the prefixes join the shared keyword regex, and the
// rule's own sticky regex only runs where its prefix occurs. Every quantifier is bounded.
import type { Risk } from '../model.ts';

export interface ProviderRule {
  readonly code: string;
  readonly label: string;
  /** Case-sensitive literal prefixes; the rule runs where one of them starts a word. */
  readonly prefixes: readonly string[];
  /** Sticky regex matched at the prefix; group `group` (default 0) is the secret. */
  readonly re: RegExp;
  readonly group?: number;
  /** Defaults to critical and blocking: a live-looking provider credential. */
  readonly severity?: Risk;
  readonly blocking?: boolean;
  /** Minimum Shannon entropy of the part after the prefix (default 3): rejects `ghp_AAAA…`. */
  readonly minEntropy?: number;
  readonly check?: (token: string) => boolean;
}

const END = '(?![A-Za-z0-9_])';
const END_DASH = '(?![A-Za-z0-9_-])';
const rx = (source: string): RegExp => new RegExp(source, 'y');

export const PROVIDER_RULES: readonly ProviderRule[] = [
  // Cloud
  {
    code: 'secret.aws_access_key',
    label: 'AWS access key id',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    re: rx(`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${END}`),
  },
  {
    code: 'secret.gcp_api_key',
    label: 'Google API key',
    prefixes: ['AIza'],
    re: rx(`AIza[\\w-]{35}${END_DASH}`),
  },
  {
    code: 'secret.gcp_oauth_secret',
    label: 'Google OAuth client secret',
    prefixes: ['GOCSPX-'],
    re: rx(`GOCSPX-[\\w-]{28}${END_DASH}`),
  },
  {
    code: 'secret.gcp_access_token',
    label: 'Google OAuth access token',
    prefixes: ['ya29.'],
    re: rx(`ya29\\.[\\w-]{30,2048}${END_DASH}`),
  },
  {
    code: 'secret.azure_storage_key',
    label: 'Azure storage/service key',
    prefixes: ['AccountKey=', 'SharedAccessKey='],
    re: rx('(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,120}={0,2})'),
    group: 1,
  },
  {
    code: 'secret.digitalocean_token',
    label: 'DigitalOcean token',
    prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    re: rx(`do[opr]_v1_[a-f0-9]{64}${END}`),
  },
  {
    code: 'secret.alibaba_key',
    label: 'Alibaba Cloud key',
    prefixes: ['LTAI'],
    re: rx(`LTAI[A-Za-z0-9]{20}${END}`),
  },
  {
    code: 'secret.heroku_key',
    label: 'Heroku API key',
    prefixes: ['HRKU-'],
    re: rx(`HRKU-AA[\\w-]{58}${END_DASH}`),
  },
  // Code hosting
  {
    code: 'secret.github_token',
    label: 'GitHub token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re: rx(`gh[pousr]_[A-Za-z0-9]{36,251}${END}`),
  },
  {
    code: 'secret.github_token',
    label: 'GitHub fine-grained token',
    prefixes: ['github_pat_'],
    re: rx(`github_pat_\\w{70,100}${END}`),
  },
  {
    code: 'secret.gitlab_token',
    label: 'GitLab token',
    prefixes: [
      'glpat-',
      'gldt-',
      'glrt-',
      'glft-',
      'glsoat-',
      'glcbt-',
      'gloas-',
      'glimt-',
      'glagent-',
      'glptt-',
    ],
    re: rx(`gl(?:pat|dt|rt|ft|soat|cbt|oas|imt|agent|ptt)-[\\w-]{20,100}${END_DASH}`),
  },
  {
    code: 'secret.gitlab_token',
    label: 'GitLab runner registration token',
    prefixes: ['GR1348941'],
    re: rx(`GR1348941[\\w-]{20}${END_DASH}`),
  },
  {
    code: 'secret.bitbucket_token',
    label: 'Bitbucket app password',
    prefixes: ['ATBB'],
    re: rx(`ATBB[A-Za-z0-9_=.-]{32}${END_DASH}`),
  },
  {
    code: 'secret.atlassian_token',
    label: 'Atlassian API token',
    prefixes: ['ATATT3', 'ATCTT3'],
    re: rx(`AT[AC]TT3[\\w=-]{150,250}${END_DASH}`),
  },
  // Chat
  {
    code: 'secret.slack_token',
    label: 'Slack token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xoxe.', 'xapp-'],
    re: rx(
      '(?:xoxe\\.)?(?:xox[abposre]|xapp)-(?:\\d-)?[A-Za-z0-9]{1,40}(?:-[A-Za-z0-9]{1,80}){1,6}(?![A-Za-z0-9-])',
    ),
    check: (t) => t.length >= 24 && /\d{4}/.test(t),
  },
  {
    code: 'secret.slack_webhook',
    label: 'Slack webhook URL',
    prefixes: ['hooks.slack.com/'],
    re: rx('hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{20,150}'),
  },
  {
    code: 'secret.discord_webhook',
    label: 'Discord webhook URL',
    prefixes: ['discord.com/api', 'discordapp.com/api', 'ptb.discord.com/api', 'canary.discord.com/api'],
    re: rx(
      `(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/(?:v\\d{1,2}/)?webhooks/\\d{17,20}/[\\w-]{60,68}${END_DASH}`,
    ),
  },
  // Payments and commerce
  {
    code: 'secret.stripe_key',
    label: 'Stripe live key',
    prefixes: ['sk_live_', 'rk_live_'],
    re: rx(`[sr]k_live_[A-Za-z0-9]{20,247}${END}`),
  },
  {
    code: 'secret.stripe_key',
    label: 'Stripe test key',
    prefixes: ['sk_test_', 'rk_test_'],
    re: rx(`[sr]k_test_[A-Za-z0-9]{20,247}${END}`),
    severity: 'high',
    blocking: false,
  },
  {
    code: 'secret.stripe_webhook_secret',
    label: 'Stripe webhook secret',
    prefixes: ['whsec_'],
    re: rx(`whsec_[A-Za-z0-9+/]{32,88}${END}`),
  },
  {
    code: 'secret.square_token',
    label: 'Square credential',
    prefixes: ['sq0atp-', 'sq0csp-', 'EAAA'],
    re: rx(`(?:sq0atp-[\\w-]{22}|sq0csp-[\\w-]{43}|EAAA[\\w-]{60})${END_DASH}`),
  },
  {
    code: 'secret.paypal_token',
    label: 'PayPal/Braintree access token',
    prefixes: ['access_token$production$'],
    re: rx('access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}'),
  },
  {
    code: 'secret.shopify_token',
    label: 'Shopify token',
    prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    re: rx(`shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`),
  },
  {
    code: 'secret.facebook_token',
    label: 'Facebook access token',
    prefixes: ['EAAC', 'EAAG', 'EAAM'],
    re: rx(`EAA[CGM][A-Za-z0-9]{90,255}${END}`),
  },
  {
    code: 'secret.twitter_bearer',
    label: 'Twitter bearer token',
    prefixes: ['AAAAAAAAAAAAAAAAAAAA'],
    re: rx('A{20,24}[A-Za-z0-9%]{30,120}(?![A-Za-z0-9%])'),
  },
];
