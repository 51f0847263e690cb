// The secret corpus shared by the benchmark (bench/detect.ts, against secretlint) and the recall
// test: ~200 messages with planted fake secrets of many families, plus clean hard negatives.
import { fakes, seeded } from './fakes.ts';

export interface SecretCase {
  text: string;
  /** [start, end) of the planted secret; null for clean messages. */
  secret: [number, number] | null;
  family: string;
}

/** ~200 messages: planted fake secrets of many families, plus clean hard negatives. */
export function secretCorpus(): SecretCase[] {
  const f = fakes(2024);
  const rnd = seeded(99);
  const wraps = [
    (s: string) => `here is the key you asked for: ${s}`,
    (s: string) => `export TOKEN=${s}`,
    (s: string) => `{\n  "name": "deploy",\n  "credential": "${s}"\n}`,
    (s: string) => `I rotated it, new one is ${s} (expires in 90 days)`,
    (s: string) => `\`\`\`\nclient = Client("${s}")\n\`\`\``,
  ];
  const planted: [string, () => string, boolean?][] = [
    ['aws_access_key', f.awsAccessKey],
    ['github', f.githubToken],
    ['github_fine_grained', f.githubFineGrained],
    ['gitlab', f.gitlabToken],
    ['slack_bot', f.slackBotToken],
    ['slack_user', f.slackUserToken],
    ['slack_webhook', f.slackWebhook],
    ['discord_bot', f.discordBotToken],
    ['discord_webhook', f.discordWebhook],
    ['stripe', f.stripeLive],
    ['square', f.squareToken],
    ['braintree', f.braintreeToken],
    ['openai', f.openAiKey],
    ['openai_legacy', f.openAiLegacyKey],
    ['anthropic', f.anthropicKey],
    ['huggingface', f.huggingFaceToken],
    ['npm', f.npmToken],
    ['pypi', f.pypiToken],
    ['nuget', f.nugetKey],
    ['sendgrid', f.sendgridKey],
    ['twilio', f.twilioKey],
    ['mailgun', f.mailgunKey],
    ['gcp_api_key', f.gcpApiKey],
    ['shopify', f.shopifyToken],
    ['linear', f.linearKey],
    ['onepassword', f.onePasswordToken],
    ['databricks', f.databricksToken],
    ['digitalocean', f.digitalOceanToken],
    ['docker', f.dockerToken],
    ['vault', f.vaultToken],
    ['telegram', f.telegramToken],
    ['jwt', f.jwt],
  ];
  const cases: SecretCase[] = [];
  const plant = (family: string, before: string, secret: string, after = ''): void => {
    cases.push({
      text: before + secret + after,
      secret: [before.length, before.length + secret.length],
      family,
    });
  };
  for (let round = 0; round < 4; round++) {
    for (const [family, make] of planted) {
      const secret = make();
      const wrap = wraps[Math.floor(rnd() * wraps.length)]!;
      const text = wrap(secret);
      const at = text.indexOf(secret);
      cases.push({ text, secret: [at, at + secret.length], family });
    }
  }
  for (let i = 0; i < 3; i++) {
    plant('aws_secret_key', 'aws_secret_access_key = "', f.awsSecretKey(), '"');
    plant('private_key_rsa', 'key file:\n', f.rsaPrivateKey(), '\n');
    plant('private_key_openssh', '', f.opensshPrivateKey());
    plant('postgres_url', 'DATABASE_URL=postgres://app:', f.chars(18), '@db.prod.internal:5432/app');
    plant('mongodb_url', 'uri: mongodb+srv://svc:', f.chars(16), '@cluster0.ab1cd.mongodb.net/prod');
    plant('redis_url', 'REDIS_URL=redis://:', f.chars(20), '@cache.internal:6379/0');
    plant('amqp_url', 'amqp://worker:', f.chars(14), '@mq.internal:5672/jobs');
    plant('basic_auth_url', 'git clone https://deploy:', f.chars(16), '@git.acme.io/infra.git');
    plant(
      'azure_storage',
      'DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=',
      f.azureStorageKey(),
      ';EndpointSuffix=core.windows.net',
    );
    plant('password_assignment', 'DB_PASSWORD="', f.password(), '"');
    plant('api_key_assignment', 'api_key: "', f.chars(32), '"');
    plant('evasion_zero_width', 'token: ', `ghp_${f.chars(10)}\u200b${f.chars(26)}`);
    plant(
      'evasion_base64',
      'blob: ',
      Buffer.from(`export GITHUB_TOKEN=${f.githubToken()}`).toString('base64'),
    );
  }
  const clean = [
    'Fixed in commit 3f9c2a7e5b1d4c8a9e0f1a2b3c4d5e6f7a8b9c0d, see the PR.',
    'Request id 8f14e45f-ceea-467f-a3b2-9c1d2e3f4a5b failed with 502.',
    'image digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${f.chars(40, '+/ABCDEFGH')}" />`,
    'Use the documented example key AKIAIOSFODNN7EXAMPLE in the tutorial.',
    'token = os.environ["GITHUB_TOKEN"]  # never hard-code it',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style placeholder
    'password: ${DB_PASSWORD}',
    'Set SLACK_TOKEN=<your-token> in .env before running.',
    'api_key = "changeme"',
    'Reset your password from the settings page; the token expires after an hour.',
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is the placeholder format',
    'The build cache key is 0b1f5e3c9d2a4b6f8e0c1d3a5b7f9e2d4c6a8b0f.',
    'Run `npm ci && npm test` then `git push origin feature/login`.',
  ];
  for (let i = 0; cases.filter((c) => c.secret === null).length < 60; i++) {
    cases.push({
      text: clean[i % clean.length]! + (i >= clean.length ? ` (#${i})` : ''),
      secret: null,
      family: 'clean',
    });
  }
  return cases;
}
