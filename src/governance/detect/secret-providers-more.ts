// Provider formats, continued: the remaining prefixed formats of gitleaks' default rules
// (github.com/gitleaks/gitleaks, config/gitleaks.toml; the rule id is named beside each). Our own
// regexes, written from the documented shapes; same conventions as secret-providers.ts.
import type { ProviderRule } from './secret-providers.ts';

const END = '(?![A-Za-z0-9_])';
const END_DASH = '(?![A-Za-z0-9_-])';
const rx = (source: string): RegExp => new RegExp(source, 'y');
const mixedCase = (t: string): boolean => /[A-Z]/.test(t) && /[a-z]/.test(t);

export const MORE_RULES: readonly ProviderRule[] = [
  // gitleaks: 1password-secret-key
  {
    code: 'secret.onepassword_secret_key',
    label: '1Password account secret key',
    prefixes: ['A3-'],
    re: rx(
      `A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${END_DASH}`,
    ),
  },
  // gitleaks: adobe-client-secret
  {
    code: 'secret.adobe_secret',
    label: 'Adobe client secret',
    prefixes: ['p8e-'],
    re: rx(`p8e-[A-Za-z0-9]{32}${END}`),
  },
  // gitleaks: airtable-personnal-access-token
  {
    code: 'secret.airtable_token',
    label: 'Airtable personal access token',
    prefixes: ['pat'],
    re: rx(`pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${END}`),
  },
  // gitleaks: artifactory-reference-token
  {
    code: 'secret.artifactory_key',
    label: 'Artifactory reference token',
    prefixes: ['cmVmd'],
    re: rx(`cmVmd[A-Za-z0-9]{59}${END}`),
  },
  // gitleaks: aws-amazon-bedrock-api-key-long-lived
  {
    code: 'secret.aws_bedrock_key',
    label: 'Amazon Bedrock API key',
    prefixes: ['ABSK'],
    re: rx('ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])'),
  },
  // gitleaks: clickhouse-cloud-api-secret-key
  {
    code: 'secret.clickhouse_key',
    label: 'ClickHouse Cloud API secret',
    prefixes: ['4b1d'],
    re: rx(`4b1d[A-Za-z0-9]{38}${END}`),
    check: mixedCase,
  },
  // gitleaks: cloudflare-origin-ca-key
  {
    code: 'secret.cloudflare_key',
    label: 'Cloudflare Origin CA key',
    prefixes: ['v1.0-'],
    re: rx(`v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}${END}`),
  },
  // gitleaks: defined-networking-api-token
  {
    code: 'secret.defined_networking_token',
    label: 'Defined Networking API token',
    prefixes: ['dnkey-'],
    re: rx(`dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}${END_DASH}`),
  },
  // gitleaks: dropbox-short-lived-api-token
  {
    code: 'secret.dropbox_token',
    label: 'Dropbox access token',
    prefixes: ['sl.'],
    re: rx(`sl\\.(?:u\\.)?[\\w=-]{130,1200}${END_DASH}`),
  },
  // gitleaks: duffel-api-token
  {
    code: 'secret.duffel_token',
    label: 'Duffel API token',
    prefixes: ['duffel_test_', 'duffel_live_'],
    re: rx(`duffel_(?:test|live)_[\\w=-]{43}${END_DASH}`),
  },
  // gitleaks: dynatrace-api-token
  {
    code: 'secret.dynatrace_token',
    label: 'Dynatrace API token',
    prefixes: ['dt0c01.'],
    re: rx(`dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}${END}`),
  },
  // gitleaks: easypost-api-token, easypost-test-api-token
  {
    code: 'secret.easypost_key',
    label: 'EasyPost API key',
    prefixes: ['EZAK', 'EZTK'],
    re: rx(`EZ[AT]K[A-Za-z0-9]{54}${END}`),
  },
  // gitleaks: flutterwave-secret-key, flutterwave-encryption-key
  {
    code: 'secret.flutterwave_key',
    label: 'Flutterwave secret key',
    prefixes: ['FLWSECK_TEST-', 'FLWSECK-'],
    re: rx(`FLWSECK(?:_TEST)?-[a-hA-H0-9]{12,32}(?:-X)?${END_DASH}`),
  },
  // gitleaks: flyio-access-token
  {
    code: 'secret.flyio_token',
    label: 'Fly.io access token',
    prefixes: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'],
    re: rx('(?:fo1_[\\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})(?![\\w+/=-])'),
  },
  // gitleaks: frameio-api-token
  {
    code: 'secret.frameio_token',
    label: 'Frame.io API token',
    prefixes: ['fio-u-'],
    re: rx(`fio-u-[\\w=-]{64}${END_DASH}`),
  },
  // gitleaks: gitlab-feature-flag-client-token, gitlab-pat-routable
  {
    code: 'secret.gitlab_token',
    label: 'GitLab feature-flag client token',
    prefixes: ['glffct-'],
    re: rx(`glffct-[\\w-]{20}${END_DASH}`),
  },
  // gitleaks: harness-api-key
  {
    code: 'secret.harness_key',
    label: 'Harness API key',
    prefixes: ['pat.', 'sat.'],
    re: rx(`[ps]at\\.[\\w-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}${END}`),
  },
  // gitleaks: infracost-api-token
  {
    code: 'secret.infracost_key',
    label: 'Infracost API key',
    prefixes: ['ico-'],
    re: rx(`ico-[A-Za-z0-9]{32}${END}`),
  },
  // gitleaks: intra42-client-secret
  {
    code: 'secret.intra42_secret',
    label: '42 intranet client secret',
    prefixes: ['s-s4t2ud-', 's-s4t2af-'],
    re: rx(`s-s4t2(?:ud|af)-[a-f0-9]{64}${END}`),
  },
  // gitleaks: mailgun-pub-key, mailgun-signing-key
  {
    code: 'secret.mailgun_key',
    label: 'Mailgun public validation key',
    prefixes: ['pubkey-'],
    re: rx(`pubkey-[a-f0-9]{32}${END}`),
    severity: 'high',
  },
  // gitleaks: mapbox-api-token (secret `sk.` tokens; `pk.` tokens are public by design)
  {
    code: 'secret.mapbox_token',
    label: 'Mapbox secret token',
    prefixes: ['sk.eyJ'],
    re: rx(`sk\\.eyJ[\\w-]{20,200}\\.[\\w-]{20,40}${END_DASH}`),
  },
  // gitleaks: new-relic-insert-key, new-relic-browser-api-token
  {
    code: 'secret.newrelic_key',
    label: 'New Relic key',
    prefixes: ['NRII-', 'NRJS-'],
    re: rx(`(?:NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19})${END}`),
  },
  // gitleaks: octopus-deploy-api-key
  {
    code: 'secret.octopus_key',
    label: 'Octopus Deploy API key',
    prefixes: ['API-'],
    re: rx(`API-[A-Z0-9]{26}${END}`),
    check: (t) => /\d/.test(t.slice(4)) && /[A-Z]/.test(t.slice(4)),
  },
  // gitleaks: openshift-user-token
  {
    code: 'secret.openshift_token',
    label: 'OpenShift user token',
    prefixes: ['sha256~'],
    re: rx(`sha256~[\\w-]{43}${END_DASH}`),
  },
  // gitleaks: planetscale-api-token, planetscale-password, planetscale-oauth-token
  {
    code: 'secret.planetscale_token',
    label: 'PlanetScale credential',
    prefixes: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    re: rx(`pscale_(?:tkn|pw|oauth)_[\\w=.-]{32,64}${END_DASH}`),
  },
  // gitleaks: prefect-api-token
  {
    code: 'secret.prefect_key',
    label: 'Prefect API key',
    prefixes: ['pnu_'],
    re: rx(`pnu_[A-Za-z0-9]{36}${END}`),
  },
  // gitleaks: readme-api-token
  {
    code: 'secret.readme_key',
    label: 'ReadMe API key',
    prefixes: ['rdme_'],
    re: rx(`rdme_[a-z0-9]{70}${END}`),
  },
  // gitleaks: scalingo-api-token
  {
    code: 'secret.scalingo_token',
    label: 'Scalingo API token',
    prefixes: ['tk-us-'],
    re: rx(`tk-us-[\\w-]{48}${END_DASH}`),
  },
  // gitleaks: settlemint-{personal,application,service}-access-token
  {
    code: 'secret.settlemint_token',
    label: 'SettleMint access token',
    prefixes: ['sm_pat_', 'sm_aat_', 'sm_sat_'],
    re: rx(`sm_[pas]at_[A-Za-z0-9]{16}${END}`),
  },
  // gitleaks: shippo-api-token
  {
    code: 'secret.shippo_token',
    label: 'Shippo API token',
    prefixes: ['shippo_live_', 'shippo_test_'],
    re: rx(`shippo_(?:live|test)_[a-fA-F0-9]{40}${END}`),
  },
  // gitleaks: sourcegraph-access-token
  {
    code: 'secret.sourcegraph_token',
    label: 'Sourcegraph access token',
    prefixes: ['sgp_'],
    re: rx(`sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}${END}`),
  },
  // gitleaks: stripe-access-token (`prod` keys)
  {
    code: 'secret.stripe_key',
    label: 'Stripe live key',
    prefixes: ['sk_prod_', 'rk_prod_'],
    re: rx(`[sr]k_prod_[A-Za-z0-9]{10,99}${END}`),
  },
  // gitleaks: typeform-api-token
  {
    code: 'secret.typeform_token',
    label: 'Typeform token',
    prefixes: ['tfp_'],
    re: rx(`tfp_[\\w=.-]{59}${END_DASH}`),
  },
  // gitleaks: yandex-api-key, yandex-aws-access-token, yandex-access-token
  {
    code: 'secret.yandex_key',
    label: 'Yandex Cloud key',
    prefixes: ['AQVN', 't1.'],
    re: rx(`(?:AQVN[\\w-]{35,38}|t1\\.[\\w-]{10,100}={0,2}\\.[\\w-]{86}={0,2})${END_DASH}`),
  },
  {
    code: 'secret.yandex_key',
    label: 'Yandex Cloud static key',
    prefixes: ['YC'],
    re: rx(`YC[\\w-]{38}${END_DASH}`),
    check: (t) => /\d/.test(t) && mixedCase(t.slice(2)),
  },
  // gitleaks: microsoft-teams-webhook (found from its host, see LITERAL_ANCHORS in secret-runs.ts)
  {
    code: 'secret.teams_webhook',
    label: 'Microsoft Teams webhook URL',
    prefixes: ['webhook.office.com/webhookb2/'],
    re: rx(
      'webhook\\.office\\.com/webhookb2/[a-z0-9-]{36}@[a-z0-9-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9-]{36}(?:/[\\w-]{10,80})?',
    ),
  },
  // gitleaks: gitlab-session-cookie
  {
    code: 'secret.gitlab_token',
    label: 'GitLab session cookie',
    prefixes: ['_gitlab_session='],
    re: rx(`_gitlab_session=[0-9a-z]{32}${END}`),
  },
  // gitleaks: maxmind-license-key is suffix-anchored (`…_mmk`): see secret-infix.ts.
  // gitleaks: plaid-api-token (an access token carries its environment in the prefix)
  {
    code: 'secret.plaid_token',
    label: 'Plaid access token',
    prefixes: ['access-production-', 'access-development-', 'access-sandbox-'],
    re: rx(
      `access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${END}`,
    ),
    severity: 'high',
  },
];
