import { describe, expect, it } from 'vitest';
import { detectAll, detectSecrets } from '../../../src/governance/detect/index.ts';
import { B64, fakes, HEX } from './fakes.ts';
import { codes, slices } from './helpers.ts';

const f = fakes(7);

describe('provider credentials', () => {
  const cases: [string, string, string][] = [
    ['secret.aws_access_key', 'AWS access key', f.awsAccessKey()],
    ['secret.gcp_api_key', 'Google API key', f.gcpApiKey()],
    ['secret.github_token', 'GitHub classic token', f.githubToken()],
    ['secret.github_token', 'GitHub fine-grained token', f.githubFineGrained()],
    ['secret.gitlab_token', 'GitLab token', f.gitlabToken()],
    ['secret.slack_token', 'Slack bot token', f.slackBotToken()],
    ['secret.slack_token', 'Slack user token', f.slackUserToken()],
    ['secret.slack_webhook', 'Slack webhook', f.slackWebhook().replace('https://', '')],
    ['secret.discord_bot_token', 'Discord bot token', f.discordBotToken()],
    ['secret.discord_webhook', 'Discord webhook', f.discordWebhook().replace('https://', '')],
    ['secret.stripe_key', 'Stripe live key', f.stripeLive()],
    ['secret.square_token', 'Square token', f.squareToken()],
    ['secret.paypal_token', 'Braintree token', f.braintreeToken()],
    ['secret.openai_key', 'OpenAI project key', f.openAiKey()],
    ['secret.openai_key', 'OpenAI legacy key', f.openAiLegacyKey()],
    ['secret.anthropic_key', 'Anthropic key', f.anthropicKey()],
    ['secret.huggingface_token', 'Hugging Face token', f.huggingFaceToken()],
    ['secret.npm_token', 'npm token', f.npmToken()],
    ['secret.pypi_token', 'PyPI token', f.pypiToken()],
    ['secret.nuget_key', 'NuGet key', f.nugetKey()],
    ['secret.sendgrid_key', 'SendGrid key', f.sendgridKey()],
    ['secret.twilio_key', 'Twilio key', f.twilioKey()],
    ['secret.mailgun_key', 'Mailgun key', f.mailgunKey()],
    ['secret.shopify_token', 'Shopify token', f.shopifyToken()],
    ['secret.linear_key', 'Linear key', f.linearKey()],
    ['secret.onepassword_token', '1Password token', f.onePasswordToken()],
    ['secret.databricks_token', 'Databricks token', f.databricksToken()],
    ['secret.digitalocean_token', 'DigitalOcean token', f.digitalOceanToken()],
    ['secret.docker_token', 'Docker Hub token', f.dockerToken()],
    ['secret.vault_token', 'Vault token', f.vaultToken()],
    ['secret.telegram_bot_token', 'Telegram bot token', f.telegramToken()],
  ];
  for (const [code, label, token] of cases) {
    it(`finds a ${label}, spans exactly the token, blocks it`, () => {
      const text = `here you go: ${token} — rotate it later`;
      const found = detectSecrets(text).filter((x) => x.code === code);
      expect(found, `${label} in ${text}`).toHaveLength(1);
      const hit = found[0]!;
      expect(text.slice(hit.span[0], hit.span[1])).toBe(token);
      expect(hit).toMatchObject({ category: 'secret', severity: 'critical', blocking: true });
      expect(hit.message).not.toContain(token);
      expect(hit.value).toBeUndefined();
    });
  }

  it('finds an Azure storage key inside a connection string', () => {
    const key = f.azureStorageKey();
    const text = `DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${key};EndpointSuffix=core.windows.net`;
    expect(slices(text, detectSecrets(text))).toContain(key);
  });

  it('treats a Stripe test key as high but not blocking', () => {
    const text = `sk_test_${f.chars(24)}`;
    expect(detectSecrets(text)).toMatchObject([{ code: 'secret.stripe_key', severity: 'high' }]);
    expect(detectSecrets(text)[0]!.blocking).toBeUndefined();
  });

  it('finds a token glued to punctuation and markup', () => {
    const token = f.githubToken();
    for (const text of [`"${token}"`, `(${token})`, `\`${token}\``, `<${token}>`, `token=${token}&x=1`]) {
      expect(slices(text, detectSecrets(text)), text).toContain(token);
    }
  });
});

describe('private keys and JWTs', () => {
  it('blocks a PEM RSA key and an OpenSSH key, spanning the whole block', () => {
    for (const key of [f.rsaPrivateKey(), f.opensshPrivateKey()]) {
      const text = `key:\n${key}\nthanks`;
      const [hit] = detectSecrets(text);
      expect(hit).toMatchObject({ code: 'secret.private_key', severity: 'critical', blocking: true });
      expect(text.slice(hit!.span[0], hit!.span[1])).toBe(key);
    }
  });

  it('finds a PGP private key block and a JSON-escaped key', () => {
    const body = f.chars(200, B64);
    const pgp = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${body}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----`;
    expect(codes(detectSecrets(pgp))).toEqual(['secret.private_key']);
    const json = `{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE${f.chars(120, B64)}\\n${f.chars(64, B64)}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(codes(detectSecrets(json))).toContain('secret.private_key');
  });

  it('does not report placeholder key blocks', () => {
    for (const text of [
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nREDACTED\n-----END OPENSSH PRIVATE KEY-----',
      'Paste the -----BEGIN RSA PRIVATE KEY----- header line first.',
    ]) {
      expect(detectSecrets(text), text).toEqual([]);
    }
  });

  it('reports a truncated key as high, not blocking', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${f.chars(30, B64)}`;
    expect(detectSecrets(text)).toMatchObject([{ code: 'secret.private_key', severity: 'high' }]);
  });

  it('finds a signed JWT and ignores the jwt.io example', () => {
    const jwt = f.jwt();
    expect(detectSecrets(`Authorization header was ${jwt}`)).toMatchObject([
      { code: 'secret.jwt', blocking: true },
    ]);
    const example =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(detectSecrets(example)).toEqual([]);
  });
});

describe('credentials in URLs', () => {
  it.each([
    ['postgres', `postgres://app:${f.chars(16)}@db.prod.internal:5432/app`],
    ['mongodb+srv', `mongodb+srv://svc:${f.chars(16)}@cluster0.ab1cd.mongodb.net/prod`],
    ['redis', `redis://:${f.chars(20)}@cache.internal:6379/0`],
    ['amqp', `amqp://worker:${f.chars(14)}@mq.internal:5672/jobs`],
    ['https', `https://deploy:${f.chars(16)}@git.acme.io/infra.git`],
  ])('%s: spans the password and blocks', (_, url) => {
    const password = /:([^:@/]+)@/.exec(url)![1]!;
    const hits = detectSecrets(`DATABASE_URL=${url}`).filter((x) => x.code === 'secret.url_credentials');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ severity: 'critical', blocking: true });
    expect(`DATABASE_URL=${url}`.slice(hits[0]!.span[0], hits[0]!.span[1])).toBe(password);
  });

  it('skips placeholders and softens local development URLs', () => {
    expect(detectSecrets('postgres://user:password@localhost:5432/app')).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder
    expect(detectSecrets('postgres://user:${DB_PASSWORD}@db:5432/app')).toEqual([]);
    expect(detectSecrets('redis://:<password>@cache:6379')).toEqual([]);
    const local = detectSecrets(`postgres://app:${f.chars(12)}@localhost:5432/app`);
    expect(local).toMatchObject([{ code: 'secret.url_credentials', severity: 'high' }]);
    expect(local[0]!.blocking).toBeUndefined();
  });
});

describe('generic assignments', () => {
  it.each([
    ['DB_PASSWORD="Tr0ub4dor&3x"', 'Tr0ub4dor&3x', 'secret.password'],
    ["password: 'hunter22!'", 'hunter22!', 'secret.password'],
    ['const dbPassword = "s3cr3t-Pa55";', 's3cr3t-Pa55', 'secret.password'],
    [`"apiKey": "${'k9'.repeat(2)}${f.chars(28)}"`, null, 'secret.generic'],
    [`client_secret=${f.chars(32)}`, null, 'secret.generic'],
    [`x-api-key: ${f.chars(40)}`, null, 'secret.generic'],
    [`Authorization: Bearer ${f.chars(40)}`, null, 'secret.bearer_token'],
    ['my password is Summer2024!', 'Summer2024!', 'secret.password'],
    [`deploy --token ${f.chars(36)}`, null, 'secret.generic'],
  ])('%s', (text, value, code) => {
    const hits = detectSecrets(text);
    expect(codes(hits)).toEqual([code]);
    expect(hits[0]!.severity).toBe('high');
    expect(hits[0]!.blocking).toBeUndefined();
    if (value) expect(text.slice(hits[0]!.span[0], hits[0]!.span[1])).toBe(value);
  });

  it('reports an AWS secret access key assignment as critical', () => {
    const text = `aws_secret_access_key = ${f.awsSecretKey()}`;
    expect(detectSecrets(text)).toMatchObject([
      { code: 'secret.aws_secret_key', severity: 'critical', blocking: true },
    ]);
  });

  it('prefers the provider finding over the generic one for the same value', () => {
    for (const text of [`GITHUB_TOKEN=${f.githubToken()}`, `{"AIRLOCK_TEST_TOKEN": "${f.githubToken()}"}`]) {
      expect(codes(detectSecrets(text)), text).toEqual(['secret.github_token']);
    }
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder
    'password: ${DB_PASSWORD}',
    'token = os.environ["GITHUB_TOKEN"]',
    'api_key = process.env.API_KEY',
    'password = getPassword()',
    'secret: {{ vault.secret }}',
    'password: "changeme"',
    'api_key: "<your-api-key>"',
    'token: ****',
    'PASSWORD=xxxxxxxx',
    'password_hash: $2b$12$KIXQJ',
    'token_type: bearer',
    'max_tokens: 4096',
    'the password is stored in the vault',
    'Reset your password from the settings page.',
    'auth: true',
    'passwordPolicy: strict',
    'request_id: 8f14e45f-ceea-467f-a3b2-9c1d2e3f4a5b',
    'next_page_token: CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA',
  ])('no finding: %s', (text) => {
    expect(detectSecrets(text)).toEqual([]);
  });
});

describe('allowlist and hard negatives', () => {
  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    `ghp_${'A'.repeat(36)}`,
    `ghp_${'x'.repeat(36)}`,
    'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    'SLACK_TOKEN=<your-token>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder
    'token: ${TOKEN}',
    'xoxb-your-token-here-please-replace',
    'api_key=dummy-key-for-tests-1234567890',
    'sk_live_REDACTEDREDACTEDREDACTED1234',
    'password = "****************"',
  ])('allowlisted: %s', (text) => {
    expect(detectSecrets(text)).toEqual([]);
  });

  it('does not treat git SHAs, UUIDs, digests or image data as secrets', () => {
    const sha = f.chars(40, HEX);
    const text = [
      `Fixed in ${sha}; see ${sha.slice(0, 7)}.`,
      'id 8f14e45f-ceea-467f-a3b2-9c1d2e3f4a5b',
      `image sha256:${f.chars(64, HEX)}`,
      `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB${f.chars(400, B64)}">`,
      `integrity="sha512-${f.chars(86, B64)}=="`,
    ].join('\n');
    expect(detectAll(text, { only: ['secret'] })).toEqual([]);
  });
});

describe('credentials written out in prose', () => {
  it('finds a login and password pair', () => {
    const text = 'Login for the sandbox: qa-owner / Hx4$kLm8!pQz1';
    const hits = detectSecrets(text);
    expect(codes(hits)).toEqual(['secret.password']);
    expect(slices(text, hits)).toEqual(['Hx4$kLm8!pQz1']);
  });

  it('ignores login talk without a password', () => {
    expect(detectSecrets('Login for the sandbox: use SSO / Okta as usual.')).toEqual([]);
  });
});
