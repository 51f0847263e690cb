// Credential formats for the generated corpus: one entry per provider token format that gitleaks'
// default config (config/gitleaks.toml) describes, plus a few more. The SHAPE (prefix, alphabet,
// length) follows the format; every body is random from the seeded PRNG.
import {
  ALNUM,
  B64,
  b64,
  b64url,
  DIGITS,
  HEX,
  LOWER,
  LOWER_ALNUM,
  type Rng,
  UPPER,
  UPPER_ALNUM,
  URLSAFE,
} from './detect-values.ts';

export interface TokenFormat {
  /** Stable family name (goes into case ids). */
  readonly family: string;
  /** The variable name a config would use for it. */
  readonly name: string;
  readonly make: (r: Rng) => string;
}

const jwtLike = (r: Rng, payload: Record<string, unknown>): string =>
  `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.${r.chars(43, URLSAFE)}`;

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    family: 'aws-key',
    name: 'AWS_ACCESS_KEY_ID',
    make: (r) => `${r.pick(['AKIA', 'ASIA'])}${r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  },
  {
    family: 'github-pat',
    name: 'GITHUB_TOKEN',
    make: (r) => `${r.pick(['ghp_', 'gho_', 'ghs_', 'ghu_'])}${r.chars(36)}`,
  },
  { family: 'github-fine', name: 'GH_PAT', make: (r) => `github_pat_${r.chars(22)}_${r.chars(59)}` },
  {
    family: 'gitlab',
    name: 'GITLAB_TOKEN',
    make: (r) =>
      `${r.pick(['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'glffct-'])}${r.chars(20, URLSAFE.replace('-', ''))}`,
  },
  {
    family: 'gitlab-routable',
    name: 'CI_PUSH_TOKEN',
    make: (r) => `glpat-${r.chars(36, URLSAFE)}.01.${r.chars(9, LOWER_ALNUM)}`,
  },
  {
    family: 'slack-bot',
    name: 'SLACK_BOT_TOKEN',
    make: (r) => `xoxb-${r.chars(12, DIGITS)}-${r.chars(13, DIGITS)}-${r.chars(24)}`,
  },
  {
    family: 'slack-app',
    name: 'SLACK_APP_TOKEN',
    make: (r) => `xapp-1-A${r.chars(10, UPPER_ALNUM)}-${r.chars(13, DIGITS)}-${r.chars(64, HEX)}`,
  },
  {
    family: 'slack-webhook',
    name: 'SLACK_WEBHOOK_URL',
    make: (r) =>
      `https://hooks.slack.com/services/T${r.chars(10, UPPER_ALNUM)}/B${r.chars(10, UPPER_ALNUM)}/${r.chars(24)}`,
  },
  {
    family: 'stripe',
    name: 'STRIPE_SECRET_KEY',
    make: (r) => `${r.pick(['sk_live_', 'rk_live_', 'sk_prod_'])}${r.chars(r.int(24, 99))}`,
  },
  {
    family: 'openai',
    name: 'OPENAI_API_KEY',
    make: (r) => `sk-proj-${r.chars(74, URLSAFE)}T3BlbkFJ${r.chars(74, URLSAFE)}`,
  },
  { family: 'anthropic', name: 'ANTHROPIC_API_KEY', make: (r) => `sk-ant-api03-${r.chars(93, URLSAFE)}AA` },
  { family: 'npm', name: 'NPM_TOKEN', make: (r) => `npm_${r.chars(36)}` },
  {
    family: 'pypi',
    name: 'PYPI_TOKEN',
    make: (r) => `pypi-AgEIcHlwaS5vcmc${r.chars(r.int(60, 140), URLSAFE)}`,
  },
  {
    family: 'sendgrid',
    name: 'SENDGRID_API_KEY',
    make: (r) => `SG.${r.chars(22, URLSAFE)}.${r.chars(43, URLSAFE)}`,
  },
  { family: 'gcp-key', name: 'GOOGLE_API_KEY', make: (r) => `AIza${r.chars(35, URLSAFE)}` },
  { family: 'huggingface', name: 'HF_TOKEN', make: (r) => `hf_${r.chars(34, UPPER + LOWER)}` },
  {
    family: 'digitalocean',
    name: 'DO_TOKEN',
    make: (r) => `${r.pick(['dop_v1_', 'doo_v1_'])}${r.chars(64, HEX)}`,
  },
  { family: 'vault', name: 'VAULT_TOKEN', make: (r) => `hvs.${r.chars(r.int(90, 110), URLSAFE)}` },
  {
    family: 'telegram',
    name: 'TELEGRAM_BOT_TOKEN',
    make: (r) => `${r.chars(10, DIGITS)}:AA${r.chars(33, URLSAFE)}`,
  },
  {
    family: 'shopify',
    name: 'SHOPIFY_ACCESS_TOKEN',
    make: (r) => `${r.pick(['shpat_', 'shpss_', 'shpca_'])}${r.chars(32, HEX)}`,
  },
  { family: 'databricks', name: 'DATABRICKS_TOKEN', make: (r) => `dapi${r.chars(32, HEX)}` },
  { family: 'linear', name: 'LINEAR_API_KEY', make: (r) => `lin_api_${r.chars(40)}` },
  { family: 'postman', name: 'POSTMAN_API_KEY', make: (r) => `PMAK-${r.chars(24, HEX)}-${r.chars(34, HEX)}` },
  {
    family: 'newrelic',
    name: 'NEW_RELIC_KEY',
    make: (r) =>
      r.pick([
        `NRAK-${r.chars(27, UPPER_ALNUM)}`,
        `NRII-${r.chars(32, LOWER_ALNUM)}`,
        `NRJS-${r.chars(19, HEX)}`,
      ]),
  },
  { family: 'grafana', name: 'GRAFANA_TOKEN', make: (r) => `glsa_${r.chars(32)}_${r.chars(8, HEX)}` },
  { family: 'doppler', name: 'DOPPLER_TOKEN', make: (r) => `dp.pt.${r.chars(43)}` },
  { family: 'sentry', name: 'SENTRY_AUTH_TOKEN', make: (r) => `sntryu_${r.chars(64, HEX)}` },
  {
    family: 'dynatrace',
    name: 'DT_API_TOKEN',
    make: (r) => `dt0c01.${r.chars(24, UPPER_ALNUM)}.${r.chars(64, UPPER_ALNUM)}`,
  },
  {
    family: 'easypost',
    name: 'EASYPOST_API_KEY',
    make: (r) => `${r.pick(['EZAK', 'EZTK'])}${r.chars(54, LOWER_ALNUM)}`,
  },
  {
    family: 'planetscale',
    name: 'PLANETSCALE_TOKEN',
    make: (r) => `${r.pick(['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'])}${r.chars(43, URLSAFE)}`,
  },
  { family: 'prefect', name: 'PREFECT_API_KEY', make: (r) => `pnu_${r.chars(36)}` },
  { family: 'readme', name: 'README_API_KEY', make: (r) => `rdme_${r.chars(70, LOWER_ALNUM)}` },
  { family: 'scalingo', name: 'SCALINGO_TOKEN', make: (r) => `tk-us-${r.chars(48, URLSAFE)}` },
  {
    family: 'shippo',
    name: 'SHIPPO_TOKEN',
    make: (r) => `shippo_${r.pick(['live', 'test'])}_${r.chars(40, HEX)}`,
  },
  {
    family: 'typeform',
    name: 'TYPEFORM_TOKEN',
    make: (r) => `tfp_${r.chars(44, ALNUM)}_${r.chars(14, ALNUM)}`,
  },
  {
    family: 'sourcegraph',
    name: 'SRC_ACCESS_TOKEN',
    make: (r) => `sgp_${r.chars(16, HEX)}_${r.chars(40, HEX)}`,
  },
  { family: 'octopus', name: 'OCTOPUS_API_KEY', make: (r) => `API-${r.chars(26, UPPER_ALNUM)}` },
  { family: 'openshift', name: 'OC_TOKEN', make: (r) => `sha256~${r.chars(43, URLSAFE)}` },
  { family: 'infracost', name: 'INFRACOST_API_KEY', make: (r) => `ico-${r.chars(32)}` },
  {
    family: 'flutterwave',
    name: 'FLW_SECRET_KEY',
    make: (r) => `FLWSECK_TEST-${r.chars(32, 'abcdefgh0123456789')}-X`,
  },
  { family: 'frameio', name: 'FRAMEIO_TOKEN', make: (r) => `fio-u-${r.chars(64, URLSAFE)}` },
  {
    family: 'duffel',
    name: 'DUFFEL_TOKEN',
    make: (r) => `duffel_${r.pick(['live', 'test'])}_${r.chars(43, URLSAFE)}`,
  },
  { family: 'clickhouse', name: 'CLICKHOUSE_KEY_SECRET', make: (r) => `4b1d${r.chars(38)}` },
  {
    family: 'cloudflare-ca',
    name: 'CF_ORIGIN_CA_KEY',
    make: (r) => `v1.0-${r.chars(24, HEX)}-${r.chars(146, HEX)}`,
  },
  {
    family: 'onepassword-secret-key',
    name: 'OP_SECRET_KEY',
    make: (r) =>
      `A3-${r.chars(6, UPPER_ALNUM)}-${r.chars(11, UPPER_ALNUM)}-${r.chars(5, UPPER_ALNUM)}-${r.chars(5, UPPER_ALNUM)}-${r.chars(5, UPPER_ALNUM)}`,
  },
  {
    family: 'settlemint',
    name: 'SETTLEMINT_TOKEN',
    make: (r) => `sm_${r.pick(['pat', 'aat', 'sat'])}_${r.chars(16)}`,
  },
  { family: 'lob', name: 'LOB_API_KEY', make: (r) => `${r.pick(['live', 'test'])}_${r.chars(35, HEX)}` },
  {
    family: 'mapbox',
    name: 'MAPBOX_TOKEN',
    make: (r) => `sk.eyJ1Ijoi${r.chars(40, ALNUM)}.${r.chars(22, URLSAFE)}`,
  },
  { family: 'dropbox', name: 'DROPBOX_TOKEN', make: (r) => `sl.${r.chars(135, URLSAFE)}` },
  {
    family: 'harness',
    name: 'HARNESS_API_KEY',
    make: (r) => `pat.${r.chars(22, URLSAFE)}.${r.chars(24)}.${r.chars(20)}`,
  },
  { family: 'maxmind', name: 'MAXMIND_LICENSE', make: (r) => `${r.chars(6)}_${r.chars(29)}_mmk` },
  { family: 'airtable', name: 'AIRTABLE_PAT', make: (r) => `pat${r.chars(14)}.${r.chars(64, HEX)}` },
  { family: 'adobe', name: 'ADOBE_CLIENT_SECRET', make: (r) => `p8e-${r.chars(32, LOWER_ALNUM)}` },
  { family: 'beamer', name: 'BEAMER_API_KEY', make: (r) => `b_${r.chars(44, LOWER_ALNUM)}` },
  {
    family: 'defined-networking',
    name: 'DN_API_KEY',
    make: (r) => `dnkey-${r.chars(26, LOWER_ALNUM)}-${r.chars(52, LOWER_ALNUM)}`,
  },
  { family: 'flyio', name: 'FLY_API_TOKEN', make: (r) => `fo1_${r.chars(43, URLSAFE)}` },
  { family: 'bedrock', name: 'AWS_BEARER_TOKEN_BEDROCK', make: (r) => `ABSK${r.chars(132, B64)}` },
  { family: 'intra42', name: 'FT_SECRET', make: (r) => `s-s4t2ud-${r.chars(64, HEX)}` },
  {
    family: 'yandex',
    name: 'YC_API_KEY',
    make: (r) => r.pick([`AQVN${r.chars(36, URLSAFE)}`, `YC${r.chars(38, URLSAFE)}`]),
  },
  { family: 'gocardless', name: 'GOCARDLESS_TOKEN', make: (r) => `live_${r.chars(40, URLSAFE)}` },
  {
    family: 'mailgun',
    name: 'MAILGUN_API_KEY',
    make: (r) => `${r.pick(['key-', 'pubkey-'])}${r.chars(32, HEX)}`,
  },
  {
    family: 'teams-webhook',
    name: 'TEAMS_WEBHOOK',
    make: (r) =>
      `https://${r.pick(['acme', 'fernhill', 'contoso1'])}.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.chars(32, HEX)}/${r.uuid()}`,
  },
  {
    family: 'artifactory',
    name: 'ARTIFACTORY_TOKEN',
    make: (r) => r.pick([`AKCp${r.chars(69)}`, `cmVmd${r.chars(59)}`]),
  },
  {
    family: 'jwt',
    name: 'AUTH_JWT',
    make: (r) => jwtLike(r, { sub: r.chars(8, DIGITS), role: 'service', iat: 1_760_000_000 + r.int(0, 9e6) }),
  },
  {
    family: 'twitter-access',
    name: 'TWITTER_ACCESS_TOKEN',
    make: (r) => `${r.chars(19, DIGITS)}-${r.chars(40)}`,
  },
  { family: 'okta', name: 'OKTA_API_TOKEN', make: (r) => `00${r.chars(40, URLSAFE)}` },
  {
    family: 'plaid',
    name: 'PLAID_ACCESS_TOKEN',
    make: (r) => `access-${r.pick(['production', 'development', 'sandbox'])}-${r.uuid()}`,
  },
  {
    family: 'azure-ad',
    name: 'AZURE_CLIENT_SECRET',
    make: (r) => `${r.chars(3, ALNUM)}${r.int(0, 9)}Q~${r.chars(34, `${ALNUM}_~.-`)}`,
  },
];

/** Formats with no fixed prefix: gitleaks finds them by a provider word next to the value. */
export interface KeyedFormat {
  readonly family: string;
  readonly names: readonly string[];
  readonly make: (r: Rng) => string;
}

export const KEYED_FORMATS: readonly KeyedFormat[] = [
  {
    family: 'kw-datadog',
    names: ['DATADOG_API_KEY', 'DD_APP_KEY', 'datadog_access_token'],
    make: (r) => r.chars(40, LOWER_ALNUM),
  },
  {
    family: 'kw-algolia',
    names: ['ALGOLIA_ADMIN_KEY', 'algoliaApiKey', 'ALGOLIA_WRITE_KEY'],
    make: (r) => r.chars(32, LOWER_ALNUM),
  },
  {
    family: 'kw-twitter',
    names: ['TWITTER_API_SECRET', 'twitter_consumer_secret', 'TWITTER_ACCESS_SECRET'],
    make: (r) => r.chars(r.pick([45, 50]), ALNUM),
  },
  {
    family: 'kw-cloudflare',
    names: ['CLOUDFLARE_API_KEY', 'CF_GLOBAL_API_KEY', 'cloudflare_api_token'],
    make: (r) => r.chars(37, HEX),
  },
  { family: 'kw-heroku', names: ['HEROKU_API_KEY', 'heroku_api_key'], make: (r) => r.uuid() },
  {
    family: 'kw-hubspot',
    names: ['HUBSPOT_API_KEY', 'HUBSPOT_ACCESS_TOKEN'],
    make: (r) => r.uuid().toUpperCase(),
  },
  {
    family: 'kw-confluent',
    names: ['CONFLUENT_SECRET_KEY', 'confluent.api.secret', 'KAFKA_SASL_PASSWORD'],
    make: (r) => r.chars(64, ALNUM),
  },
  {
    family: 'kw-contentful',
    names: ['CONTENTFUL_DELIVERY_TOKEN', 'contentfulAccessToken'],
    make: (r) => r.chars(43, URLSAFE),
  },
  { family: 'kw-fastly', names: ['FASTLY_API_TOKEN', 'fastly_key'], make: (r) => r.chars(32, URLSAFE) },
  {
    family: 'kw-launchdarkly',
    names: ['LAUNCHDARKLY_SDK_KEY', 'LD_ACCESS_TOKEN'],
    make: (r) => `sdk-${r.uuid()}`,
  },
  {
    family: 'kw-sumologic',
    names: ['SUMO_ACCESS_KEY', 'SUMOLOGIC_ACCESS_KEY'],
    make: (r) => r.chars(64, ALNUM),
  },
  { family: 'kw-zendesk', names: ['ZENDESK_API_TOKEN', 'zendesk_secret'], make: (r) => r.chars(40, ALNUM) },
  { family: 'kw-snyk', names: ['SNYK_TOKEN', 'snyk_api_token'], make: (r) => r.uuid() },
  {
    family: 'kw-generic-secret',
    names: ['JWT_SECRET', 'SESSION_SECRET', 'WEBHOOK_SIGNING_SECRET', 'cookieSecret', 'HMAC_KEY', 'APP_KEY'],
    make: (r) => r.chars(r.int(32, 64), B64),
  },
  {
    family: 'kw-generic-key',
    names: ['ADMIN_KEY', 'DEPLOY_KEY', 'MASTER_KEY', 'ENCRYPTION_KEY', 'signingKey', 'PRIVATE_KEY'],
    make: (r) => r.chars(r.int(32, 48), `${HEX}ABCDEF`),
  },
  {
    family: 'kw-mattermost',
    names: ['MATTERMOST_TOKEN', 'mattermost_access_token'],
    make: (r) => r.chars(26, LOWER_ALNUM),
  },
];

/** Lowercase letters from a set of random words, for inert look-alike values. */
export const WORD_LIST = [
  'delta',
  'harbor',
  'maple',
  'orbit',
  'quartz',
  'ember',
  'fjord',
  'lumen',
  'tundra',
  'vivid',
];
export const lowerWord = (r: Rng): string => r.pick(WORD_LIST) + r.chars(2, LOWER);
export const base64Of = b64;
