// Provider formats, continued: AI APIs, package registries, developer SaaS, e-mail and messaging.
// Same shape and rules as secret-providers.ts (literal prefix, bounded sticky regex).
import type { ProviderRule } from './secret-providers.ts';

const END = '(?![A-Za-z0-9_])';
const END_DASH = '(?![A-Za-z0-9_-])';
const rx = (source: string): RegExp => new RegExp(source, 'y');

/** OpenAI keys either carry the `T3BlbkFJ` marker (base64 "OpenAI") or a project/service prefix. */
const isOpenAiKey = (t: string): boolean =>
  t.includes('T3BlbkFJ') || /^sk-(?:proj|svcacct|admin)-/.test(t) || /^sk-[A-Za-z0-9]{48}$/.test(t);

export const SAAS_RULES: readonly ProviderRule[] = [
  // AI APIs
  {
    code: 'secret.anthropic_key',
    label: 'Anthropic API key',
    prefixes: ['sk-ant-'],
    re: rx(`sk-ant-[a-z]{3,6}\\d{2}-[\\w-]{32,150}${END_DASH}`),
  },
  {
    code: 'secret.openai_key',
    label: 'OpenAI API key',
    prefixes: ['sk-'],
    re: rx(`sk-(?:(?:proj|svcacct|admin)-)?[\\w-]{20,250}${END_DASH}`),
    check: isOpenAiKey,
  },
  {
    code: 'secret.ai_api_key',
    label: 'AI provider API key (sk- format)',
    prefixes: ['sk-'],
    re: rx(`sk-[A-Za-z0-9]{32,64}${END_DASH}`),
    minEntropy: 3.3,
  },
  {
    code: 'secret.huggingface_token',
    label: 'Hugging Face token',
    prefixes: ['hf_', 'api_org_'],
    re: rx(`(?:hf_|api_org_)[A-Za-z0-9]{34,40}${END}`),
  },
  {
    code: 'secret.groq_key',
    label: 'Groq API key',
    prefixes: ['gsk_'],
    re: rx(`gsk_[A-Za-z0-9]{48,56}${END}`),
  },
  {
    code: 'secret.replicate_token',
    label: 'Replicate token',
    prefixes: ['r8_'],
    re: rx(`r8_[A-Za-z0-9]{37}${END}`),
  },
  {
    code: 'secret.perplexity_key',
    label: 'Perplexity key',
    prefixes: ['pplx-'],
    re: rx(`pplx-[A-Za-z0-9]{48}${END}`),
  },
  {
    code: 'secret.xai_key',
    label: 'xAI API key',
    prefixes: ['xai-'],
    re: rx(`xai-[A-Za-z0-9]{70,90}${END}`),
  },
  {
    code: 'secret.langsmith_key',
    label: 'LangSmith API key',
    prefixes: ['lsv2_'],
    re: rx(`lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${END}`),
  },
  // Package registries and build
  {
    code: 'secret.npm_token',
    label: 'npm access token',
    prefixes: ['npm_'],
    re: rx(`npm_[A-Za-z0-9]{36}${END}`),
  },
  {
    code: 'secret.pypi_token',
    label: 'PyPI upload token',
    prefixes: ['pypi-AgE'],
    re: rx(`pypi-AgE[\\w-]{50,400}${END_DASH}`),
  },
  { code: 'secret.nuget_key', label: 'NuGet API key', prefixes: ['oy2'], re: rx(`oy2[a-z0-9]{43}${END}`) },
  {
    code: 'secret.rubygems_key',
    label: 'RubyGems API key',
    prefixes: ['rubygems_'],
    re: rx(`rubygems_[a-f0-9]{48}${END}`),
  },
  {
    code: 'secret.docker_token',
    label: 'Docker Hub token',
    prefixes: ['dckr_pat_', 'dckr_oat_'],
    re: rx(`dckr_(?:pat|oat)_[\\w-]{27,40}${END_DASH}`),
  },
  {
    code: 'secret.artifactory_key',
    label: 'Artifactory key',
    prefixes: ['AKCp'],
    re: rx(`AKCp[A-Za-z0-9]{69}${END}`),
  },
  {
    code: 'secret.clojars_token',
    label: 'Clojars token',
    prefixes: ['CLOJARS_'],
    re: rx(`CLOJARS_[a-z0-9]{60}${END}`),
  },
  {
    code: 'secret.vault_token',
    label: 'HashiCorp Vault token',
    prefixes: ['hvs.', 'hvb.'],
    re: rx(`hv[sb]\\.[\\w-]{24,200}${END_DASH}`),
  },
  {
    code: 'secret.pulumi_token',
    label: 'Pulumi token',
    prefixes: ['pul-'],
    re: rx(`pul-[a-f0-9]{40}${END}`),
  },
  {
    code: 'secret.doppler_token',
    label: 'Doppler token',
    prefixes: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    re: rx(`dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${END}`),
  },
  {
    code: 'secret.postman_key',
    label: 'Postman API key',
    prefixes: ['PMAK-'],
    re: rx(`PMAK-[a-f0-9]{24}-[a-f0-9]{34}${END}`),
  },
  {
    code: 'secret.grafana_token',
    label: 'Grafana token',
    prefixes: ['glc_', 'glsa_'],
    re: rx(`(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})${END}`),
  },
  {
    code: 'secret.newrelic_key',
    label: 'New Relic key',
    prefixes: ['NRAK-'],
    re: rx(`NRAK-[A-Z0-9]{27}${END}`),
  },
  {
    code: 'secret.sentry_token',
    label: 'Sentry token',
    prefixes: ['sntrys_', 'sntryu_'],
    re: rx(`(?:sntrys_eyJ[\\w+/=-]{50,400}|sntryu_[a-f0-9]{64})${END}`),
  },
  {
    code: 'secret.databricks_token',
    label: 'Databricks token',
    prefixes: ['dapi'],
    re: rx(`dapi[a-f0-9]{32}(?:-\\d)?${END}`),
  },
  {
    code: 'secret.supabase_token',
    label: 'Supabase token',
    prefixes: ['sbp_'],
    re: rx(`sbp_[a-f0-9]{40}${END}`),
  },
  {
    code: 'secret.sonar_token',
    label: 'SonarQube token',
    prefixes: ['squ_', 'sqp_'],
    re: rx(`sq[up]_[a-f0-9]{40}${END}`),
  },
  {
    code: 'secret.linear_key',
    label: 'Linear API key',
    prefixes: ['lin_api_'],
    re: rx(`lin_api_\\w{32,128}${END}`),
  },
  {
    code: 'secret.notion_token',
    label: 'Notion token',
    prefixes: ['ntn_'],
    re: rx(`ntn_[A-Za-z0-9]{40,50}${END}`),
  },
  {
    code: 'secret.figma_token',
    label: 'Figma token',
    prefixes: ['figd_'],
    re: rx(`figd_[\\w-]{40,60}${END_DASH}`),
  },
  {
    code: 'secret.onepassword_token',
    label: '1Password service account token',
    prefixes: ['ops_ey'],
    re: rx('ops_ey[A-Za-z0-9+/=]{100,1280}(?![A-Za-z0-9+/=])'),
  },
  {
    code: 'secret.age_key',
    label: 'age secret key',
    prefixes: ['AGE-SECRET-KEY-1'],
    re: rx('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  },
  // E-mail and messaging
  {
    code: 'secret.sendgrid_key',
    label: 'SendGrid API key',
    prefixes: ['SG.'],
    re: rx(`SG\\.[\\w-]{16,32}\\.[\\w-]{30,64}${END_DASH}`),
  },
  { code: 'secret.twilio_key', label: 'Twilio API key', prefixes: ['SK'], re: rx(`SK[0-9a-fA-F]{32}${END}`) },
  {
    code: 'secret.mailgun_key',
    label: 'Mailgun API key',
    prefixes: ['key-'],
    re: rx(`key-[0-9a-f]{32}${END}`),
  },
  {
    code: 'secret.brevo_key',
    label: 'Brevo (Sendinblue) API key',
    prefixes: ['xkeysib-'],
    re: rx(`xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}${END}`),
  },
  {
    code: 'secret.resend_key',
    label: 'Resend API key',
    prefixes: ['re_'],
    re: rx(`re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}${END}`),
  },
];
