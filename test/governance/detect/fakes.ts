// Fake credentials built at run time from a seeded generator: realistic shape and randomness, never
// a real secret, never a string a scanner would find in this repository's source.

export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';
export const B64 = `${ALNUM}+/`;
export const URLSAFE = `${ALNUM}_-`;
export const DIGITS = '0123456789';

export interface Fakes {
  chars(n: number, alphabet?: string): string;
  awsAccessKey(): string;
  awsSecretKey(): string;
  githubToken(): string;
  githubFineGrained(): string;
  gitlabToken(): string;
  slackBotToken(): string;
  slackUserToken(): string;
  slackWebhook(): string;
  discordBotToken(): string;
  discordWebhook(): string;
  stripeLive(): string;
  squareToken(): string;
  braintreeToken(): string;
  openAiKey(): string;
  openAiLegacyKey(): string;
  anthropicKey(): string;
  huggingFaceToken(): string;
  npmToken(): string;
  pypiToken(): string;
  nugetKey(): string;
  sendgridKey(): string;
  twilioKey(): string;
  mailgunKey(): string;
  gcpApiKey(): string;
  azureStorageKey(): string;
  shopifyToken(): string;
  linearKey(): string;
  onePasswordToken(): string;
  databricksToken(): string;
  digitalOceanToken(): string;
  dockerToken(): string;
  vaultToken(): string;
  telegramToken(): string;
  jwt(): string;
  password(): string;
  rsaPrivateKey(): string;
  opensshPrivateKey(): string;
}

export function fakes(seed = 42): Fakes {
  const rnd = seeded(seed);
  const chars = (n: number, alphabet = ALNUM): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const b64lines = (n: number, first: string): string => {
    const body = first + chars(n - first.length, B64);
    return body.match(/.{1,64}/g)?.join('\n') ?? body;
  };
  const snowflake = () => `1${chars(17, DIGITS)}`;
  const jsonB64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    chars,
    awsAccessKey: () => `AKIA${chars(16, UPPER32)}`,
    awsSecretKey: () => chars(40, B64),
    githubToken: () => `ghp_${chars(36)}`,
    githubFineGrained: () => `github_pat_${chars(22)}_${chars(59)}`,
    gitlabToken: () => `glpat-${chars(20, URLSAFE.replace('-', ''))}`,
    slackBotToken: () => `xoxb-${chars(12, DIGITS)}-${chars(13, DIGITS)}-${chars(24)}`,
    slackUserToken: () =>
      `xoxp-${chars(12, DIGITS)}-${chars(12, DIGITS)}-${chars(13, DIGITS)}-${chars(32, HEX)}`,
    slackWebhook: () =>
      `https://hooks.slack.com/services/T${chars(10, UPPER32)}/B${chars(10, UPPER32)}/${chars(24)}`,
    discordBotToken: () =>
      `${Buffer.from(snowflake()).toString('base64').replace(/=+$/, '')}.${chars(6, URLSAFE)}.${chars(38, URLSAFE)}`,
    discordWebhook: () => `https://discord.com/api/webhooks/${snowflake()}/${chars(68, URLSAFE)}`,
    stripeLive: () => `sk_live_${chars(99)}`,
    squareToken: () => `sq0atp-${chars(22, URLSAFE)}`,
    braintreeToken: () =>
      `access_token$production$${chars(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}$${chars(32, HEX)}`,
    openAiKey: () => `sk-proj-${chars(74, URLSAFE)}T3BlbkFJ${chars(74, URLSAFE)}`,
    openAiLegacyKey: () => `sk-${chars(20)}T3BlbkFJ${chars(20)}`,
    anthropicKey: () => `sk-ant-api03-${chars(93, URLSAFE)}AA`,
    huggingFaceToken: () => `hf_${chars(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`,
    npmToken: () => `npm_${chars(36)}`,
    pypiToken: () => `pypi-AgEIcHlwaS5vcmc${chars(70, URLSAFE)}`,
    nugetKey: () => `oy2${chars(43, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
    sendgridKey: () => `SG.${chars(22, URLSAFE)}.${chars(43, URLSAFE)}`,
    twilioKey: () => `SK${chars(32, HEX)}`,
    mailgunKey: () => `key-${chars(32, HEX)}`,
    gcpApiKey: () => `AIza${chars(35, URLSAFE)}`,
    azureStorageKey: () => `${chars(86, B64)}==`,
    shopifyToken: () => `shpat_${chars(32, HEX)}`,
    linearKey: () => `lin_api_${chars(40)}`,
    onePasswordToken: () => {
      let json = JSON.stringify({
        email: `${chars(12).toLowerCase()}@1passwordserviceaccounts.lcl`,
        secretKey: chars(40),
      });
      while (json.length % 3 !== 1) json = json.replace('{', '{ ');
      return `ops_${Buffer.from(json).toString('base64')}`;
    },
    databricksToken: () => `dapi${chars(32, HEX)}`,
    digitalOceanToken: () => `dop_v1_${chars(64, HEX)}`,
    dockerToken: () => `dckr_pat_${chars(27, URLSAFE)}`,
    vaultToken: () => `hvs.${chars(90, URLSAFE)}`,
    telegramToken: () => `${chars(9, DIGITS)}:AA${chars(33, URLSAFE)}`,
    jwt: () =>
      `${jsonB64({ alg: 'HS256', typ: 'JWT' })}.${jsonB64({ sub: chars(8, DIGITS), name: chars(6), iat: 1_700_000_000 })}.${chars(43, URLSAFE)}`,
    password: () => `${chars(6)}!${chars(3, DIGITS)}#${chars(4)}`,
    rsaPrivateKey: () =>
      `-----BEGIN RSA PRIVATE KEY-----\n${b64lines(1624, 'MIIEowIBAAKCAQEA')}\n-----END RSA PRIVATE KEY-----`,
    opensshPrivateKey: () =>
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64lines(400, 'b3BlbnNzaC1rZXktdjEAAAAA')}\n-----END OPENSSH PRIVATE KEY-----`,
  };
}
