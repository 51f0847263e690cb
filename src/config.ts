// The only place that reads the environment. Defaults, then airlock.yaml (if present), then the
// environment. A bad setting fails at start with a message naming the variable to fix.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { redactCredentials } from './redact.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

/** Every setting: environment name → schema with default. docs/configuration.md lists each (a test checks). */
const Settings = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4480),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  AIRLOCK_DATA_DIR: z.string().min(1).default('./.airlock/data'),
  AIRLOCK_POLICY: z.string().min(1).optional(),
  AIRLOCK_PUBLIC_URL: z.string().url().optional(),
  AIRLOCK_ALLOWED_HOSTS: z.string().optional(),
  AIRLOCK_INTEGRATION_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  AIRLOCK_DEMO: bool.default(true),
  AIRLOCK_HOLD_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(72),
  AIRLOCK_PUBLISH_MAX_ATTEMPTS: int(1, 100).default(5),
  AIRLOCK_PUBLISH_BACKOFF_MS: int(1, 3_600_000).default(1_000),
  AIRLOCK_WORKER_INTERVAL_MS: int(10, 3_600_000).default(1_000),
  AIRLOCK_PUBLISH_LEASE_MS: int(1_000, 3_600_000).default(60_000),
  AIRLOCK_LOCAL_MAX_TEXT: int(1, 1_000_000).default(40_000),
  AIRLOCK_RETRACT_WINDOW_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(10),
  AIRLOCK_REMIND_BEFORE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(4),
  AIRLOCK_ESCALATE_AFTER_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  AIRLOCK_ESCALATION_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a reviewer group name')
    .default('admin'),
  AIRLOCK_MCP_MAX_SESSIONS: int(1, 1_000_000).default(1000),
  AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT: int(1, 1_000_000).default(20),
  AIRLOCK_MCP_IDLE_TIMEOUT_MS: int(1_000, 86_400_000).default(5 * 60_000),
  AIRLOCK_TOKEN_CACHE_MS: int(0, 60_000).default(2_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AIRLOCK_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)'),
  AIRLOCK_DIGEST_DAY: z
    .string()
    .default('mon')
    .transform((d) => d.trim().toLowerCase().slice(0, 3))
    .pipe(z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])),
  AIRLOCK_DIGEST_HOUR: int(0, 23).default(9),
  AIRLOCK_DIGEST_TARGETS: z.string().default('local'),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, "must be the app's signing secret").optional(),
  SLACK_REVIEW_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'must be a channel id (C… or G…), not a name')
    .optional(),
  SLACK_REVIEW_CHANNELS: z.string().optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
    .optional(),
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be the app\'s Client ID (digits.digits, "Basic Information" page)')
    .optional(),
  SLACK_CLIENT_SECRET: z.string().min(8, "must be the app's Client Secret").optional(),
  AIRLOCK_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => encryptionKey(v) !== null,
      'must be 32 random bytes, base64 (44 characters) or hex (64 characters); make one with `openssl rand -base64 32`',
    )
    .optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'must be a Discord application id (digits)')
    .optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the application public key: 64 hex characters')
    .optional(),
  DISCORD_BOT_TOKEN: z.string().min(20, 'must be the bot token from the Bot page').optional(),
  DISCORD_REVIEW_CHANNEL: z
    .string()
    .regex(/^\d{15,21}$/, 'must be a channel id (digits)')
    .optional(),
  DISCORD_API_URL: z.string().url().optional(),
  DISCORD_PUBLISH_AS: z.enum(['webhook', 'bot']).default('webhook'),
  DISCORD_GATEWAY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  DISCOURSE_URL: z
    .string()
    .url("must be the forum's base URL, e.g. https://forum.example.com")
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional(),
  DISCOURSE_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,200}$/, 'must be an API key from Admin → API (letters and digits)')
    .optional(),
  DISCOURSE_WEBHOOK_SECRET: z
    .string()
    .min(12, 'must be the webhook secret, at least 12 characters (the forum requires as many)')
    .optional(),
  DISCOURSE_REVIEW_CATEGORY: z
    .string()
    .regex(/^\d{1,12}$/, 'must be a category id (digits, e.g. 3 from /c/staff/3), not a name')
    .optional(),
  DISCOURSE_USERNAME: z
    .string()
    .regex(/^[\w.-]{1,60}$/, 'must be a forum username')
    .default('system'),
  DISCOURSE_REVIEW_VIA: z.enum(['auto', 'forum', 'slack', 'discord']).default('auto'),
});

export const SETTING_DOCS: Record<keyof z.infer<typeof Settings>, string> = {
  HOST: 'Address the HTTP server listens on.',
  PORT: 'Port of the HTTP server (0 picks a free one).',
  DATABASE_URL: 'PostgreSQL URL for production. Unset: embedded PGlite in AIRLOCK_DATA_DIR.',
  DATABASE_POOL_SIZE: 'PostgreSQL connection pool size.',
  AIRLOCK_DATA_DIR:
    'PGlite data directory when DATABASE_URL is unset (`memory://` for a throwaway database); also holds airlock.lock, airlock-server.json and airlock-demo.json.',
  AIRLOCK_POLICY: 'Policy YAML file. Unset: the shipped policy/default.yaml.',
  AIRLOCK_PUBLIC_URL: 'URL people and platforms reach Airlock at (printed, used in links).',
  AIRLOCK_ALLOWED_HOSTS:
    'Comma-separated Host header values accepted on /mcp (DNS-rebinding protection). Default: localhost names with PORT.',
  AIRLOCK_INTEGRATION_TOKEN:
    'Bearer token trusted integrations use to record human requests (POST /v1/requests). Reviewer tokens work too.',
  AIRLOCK_DEMO: 'On start, create a demo agent, reviewer and request if none exist, and print their tokens.',
  AIRLOCK_HOLD_TTL_HOURS: 'How long a held action waits for reviewers before it expires.',
  AIRLOCK_PUBLISH_MAX_ATTEMPTS: 'Publish attempts before an action ends `failed`.',
  AIRLOCK_PUBLISH_BACKOFF_MS: 'First publish retry delay; doubles per attempt, capped at 5 minutes.',
  AIRLOCK_WORKER_INTERVAL_MS: 'How often the worker retries due publishes and expires holds.',
  AIRLOCK_PUBLISH_LEASE_MS:
    'How long a publish claim is exclusive; after a crash another worker takes the action over once it lapses. Keep it well above a platform call.',
  AIRLOCK_LOCAL_MAX_TEXT: 'Longest text the built-in local platform accepts (longer is refused with 413).',
  AIRLOCK_RETRACT_WINDOW_MINUTES:
    'How long after publishing a reviewer or the requester may retract (delete) a post (0: never).',
  AIRLOCK_REMIND_BEFORE_HOURS: 'Remind reviewers of a hold this many hours before it expires (0: never).',
  AIRLOCK_ESCALATE_AFTER_HOURS:
    'Escalate a hold nobody decided for this many hours to AIRLOCK_ESCALATION_GROUP (0: never).',
  AIRLOCK_ESCALATION_GROUP: 'Reviewer group an unanswered hold is escalated to.',
  AIRLOCK_MCP_MAX_SESSIONS: 'Open MCP sessions on /mcp, all agents together; a new one beyond it gets 503.',
  AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT:
    'Open MCP sessions one agent may hold; its next initialize gets 429 (other agents are unaffected).',
  AIRLOCK_MCP_IDLE_TIMEOUT_MS: 'An MCP session with no request for this long is closed.',
  AIRLOCK_TOKEN_CACHE_MS:
    'How long a process trusts a looked-up agent token. A revocation clears it at once in every process on the same PostgreSQL (LISTEN/NOTIFY); this bounds the window only while the LISTEN connection of a process is down. 0: look up on every call.',
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent.',
  AIRLOCK_TIME_ZONE: 'IANA time zone the digest counts days and schedules in (e.g. Europe/Paris).',
  AIRLOCK_DIGEST_DAY: 'Day the weekly digest is posted: mon, tue, … sun.',
  AIRLOCK_DIGEST_HOUR: 'Local hour (0-23, in AIRLOCK_TIME_ZONE) the weekly digest is posted.',
  AIRLOCK_DIGEST_TARGETS:
    'Where the weekly digest is posted: comma-separated platform or platform:channel (e.g. local, slack:C0123); none turns it off.',
  SLACK_BOT_TOKEN:
    'Slack bot token (xoxb-…, "OAuth & Permissions" page). With SLACK_SIGNING_SECRET it turns Slack on.',
  SLACK_SIGNING_SECRET:
    'Slack signing secret ("Basic Information" page); /slack/events refuses unsigned requests.',
  SLACK_REVIEW_CHANNEL:
    'Channel id (C…) where review cards go. Unset: holds are reviewed in the console and the API.',
  SLACK_REVIEW_CHANNELS:
    'Per-source-channel review channels, `SOURCE=REVIEW` pairs separated by commas (C1=C9,C2=C8).',
  SLACK_API_URL: 'Slack Web API base URL (tests and proxies).',
  SLACK_APP_TOKEN:
    'App-level token (xapp-…, scope connections:write) for Socket Mode: events arrive over a WebSocket Airlock opens, for development behind a firewall. With it, SLACK_SIGNING_SECRET is optional.',
  SLACK_CLIENT_ID:
    'Slack app Client ID ("Basic Information" page). With SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET it turns on several workspaces ("Add to Slack" at /slack/install) instead of SLACK_BOT_TOKEN.',
  SLACK_CLIENT_SECRET:
    'Slack app Client Secret ("Basic Information" page); exchanges the code of an "Add to Slack" install for the workspace\'s bot token.',
  AIRLOCK_ENCRYPTION_KEY:
    'Key the Slack bot tokens of installed workspaces are encrypted with in the database (AES-256-GCM): 32 random bytes, base64 or hex (`openssl rand -base64 32`). Required with SLACK_CLIENT_ID.',
  DISCORD_APPLICATION_ID:
    'Discord application id (General Information page). With DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN it turns Discord on.',
  DISCORD_PUBLIC_KEY: 'Discord application public key (hex), used to verify interaction signatures.',
  DISCORD_BOT_TOKEN: 'Discord bot token (Bot page); Airlock posts, edits and sends DMs with it.',
  DISCORD_REVIEW_CHANNEL:
    'Discord channel id where review cards are posted. Unset: Discord holds are reviewed in the console only.',
  DISCORD_API_URL: 'Discord API base URL (default https://discord.com/api); tests point it at a fake.',
  DISCORD_GATEWAY:
    'true: connect to the Discord Gateway so that mentions of an agent become requests (enable the Message Content intent on the Bot page). Default false: requests come from /airlock ask.',
  DISCORD_PUBLISH_AS:
    '`webhook` (agent name on a channel webhook the bot manages) or `bot` (posts as the bot, with a nonce).',
  DISCOURSE_URL:
    'Base URL of the Discourse forum. With DISCOURSE_API_KEY and DISCOURSE_WEBHOOK_SECRET it turns the forum on.',
  DISCOURSE_API_KEY:
    'Discourse API key (Admin → API, user level "All users"): Airlock posts as each agent\'s forum user.',
  DISCOURSE_WEBHOOK_SECRET:
    'Secret of the forum webhook pointing at /forum/webhooks (at least 12 characters); unsigned deliveries get 401.',
  DISCOURSE_REVIEW_CATEGORY:
    'Id of the staff-only category for review topics. Unset (and no Slack/Discord review channel): forum holds are reviewed in the console only.',
  DISCOURSE_USERNAME:
    "Airlock's own forum user: review topics, answers to reviewers and private messages to requesters come from it.",
  DISCOURSE_REVIEW_VIA:
    '`auto` (the Slack review channel, else the Discord one, else a review topic), `forum`, `slack` or `discord`: where forum holds are reviewed.',
};

export type Config = z.infer<typeof Settings> & {
  allowedHosts: string[];
  /**
   * Slack is on: one workspace (a bot token), or several (`oauth`: "Add to Slack" installs, tokens in the
   * database); and a signing secret or an app token for Socket Mode.
   */
  slack: {
    /** One workspace's bot token; null with `oauth` (each installed workspace has its own). */
    botToken: string | null;
    /** Several workspaces: the OAuth app credentials and the key tokens are encrypted with. */
    oauth: { clientId: string; clientSecret: string; encryptionKey: Buffer } | null;
    signingSecret: string | null;
    appToken: string | null;
    reviewChannel: string | null;
    reviewChannels: Record<string, string>;
    apiUrl: string;
  } | null;
  /** Discord settings when all three required ones are set, else null (Discord off). */
  discord: {
    applicationId: string;
    publicKey: string;
    botToken: string;
    reviewChannel: string | null;
    apiUrl: string | null;
    publishAs: 'webhook' | 'bot';
    gatewayClient: boolean;
  } | null;
  /** The forum when its three required settings are set, else null (forum off). */
  forum: {
    url: string;
    apiKey: string;
    webhookSecret: string;
    username: string;
    reviewCategory: number | null;
    /** Where forum holds are reviewed, resolved from DISCOURSE_REVIEW_VIA. */
    reviewVia: 'forum' | 'slack' | 'discord';
  } | null;
  publicUrl: string;
  configFile: string | null;
};

/** Settings whose values are never echoed in an error, only their length. */
const SECRET_SETTING = /TOKEN|SECRET|PASSWORD|_KEY$/;

/** A setting's value as an error may show it: secrets by length only, URLs without their password. */
function shown(key: string, value: unknown): string {
  if (SECRET_SETTING.test(key)) return `a value of ${String(value).length} characters`;
  return redactCredentials(JSON.stringify(value) ?? String(value));
}

export class ConfigError extends Error {
  constructor(message: string) {
    // Every config error passes here: a password inside a URL never reaches the terminal.
    super(redactCredentials(message));
    this.name = 'ConfigError';
  }
}

/** Reads defaults ← airlock.yaml (AIRLOCK_CONFIG or ./airlock.yaml) ← environment. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = env['AIRLOCK_CONFIG'] ? resolve(cwd, env['AIRLOCK_CONFIG']) : resolve(cwd, 'airlock.yaml');
  let fromFile: Record<string, unknown> = {};
  const haveFile = existsSync(file);
  if (env['AIRLOCK_CONFIG'] && !haveFile) throw new ConfigError(`AIRLOCK_CONFIG: ${file} does not exist`);
  if (haveFile) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(file, 'utf8'));
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new ConfigError(`${file}: not valid YAML: ${why}`);
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(`${file}: expected a mapping of SETTING: value`);
    }
    fromFile = (parsed ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(fromFile)) {
      if (!(key in SETTING_DOCS))
        throw new ConfigError(
          `${file}: unknown setting ${key} (known: ${Object.keys(SETTING_DOCS).join(', ')})`,
        );
    }
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(SETTING_DOCS)) {
    const v = env[key];
    if (v !== undefined && v !== '') merged[key] = v;
  }
  const result = Settings.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '?');
    throw new ConfigError(
      `${key}: ${issue?.message ?? 'invalid'} (got ${shown(key, merged[key])}). ${SETTING_DOCS[key as keyof typeof SETTING_DOCS] ?? ''}`,
    );
  }
  const s = result.data;
  const discordKeys = ['DISCORD_APPLICATION_ID', 'DISCORD_PUBLIC_KEY', 'DISCORD_BOT_TOKEN'] as const;
  const discordSet = discordKeys.filter((k) => s[k] !== undefined);
  if (discordSet.length > 0 && discordSet.length < discordKeys.length) {
    const missing = discordKeys.filter((k) => s[k] === undefined);
    throw new ConfigError(
      `${missing[0]}: Discord needs ${discordKeys.join(', ')} together (set: ${discordSet.join(', ')}; missing: ${missing.join(', ')}). ${SETTING_DOCS[missing[0]!]}`,
    );
  }
  const publicUrl = s.AIRLOCK_PUBLIC_URL ?? `http://${s.HOST === '0.0.0.0' ? '127.0.0.1' : s.HOST}:${s.PORT}`;
  const allowedHosts = s.AIRLOCK_ALLOWED_HOSTS
    ? s.AIRLOCK_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean)
    : ['localhost', '127.0.0.1', '[::1]'].flatMap((h) => [h, `${h}:${s.PORT}`]);
  const discord =
    s.DISCORD_APPLICATION_ID && s.DISCORD_PUBLIC_KEY && s.DISCORD_BOT_TOKEN
      ? {
          applicationId: s.DISCORD_APPLICATION_ID,
          publicKey: s.DISCORD_PUBLIC_KEY.toLowerCase(),
          botToken: s.DISCORD_BOT_TOKEN,
          reviewChannel: s.DISCORD_REVIEW_CHANNEL ?? null,
          apiUrl: s.DISCORD_API_URL ?? null,
          publishAs: s.DISCORD_PUBLISH_AS,
          gatewayClient: s.DISCORD_GATEWAY,
        }
      : null;
  const slack = slackSettings(s);
  return {
    ...s,
    publicUrl,
    allowedHosts,
    slack,
    discord,
    forum: forumSettings(s, slack, discord),
    configFile: haveFile ? file : null,
  };
}

function forumSettings(
  s: z.infer<typeof Settings>,
  slack: Config['slack'],
  discord: Config['discord'],
): Config['forum'] {
  const keys = ['DISCOURSE_URL', 'DISCOURSE_API_KEY', 'DISCOURSE_WEBHOOK_SECRET'] as const;
  const set = keys.filter((k) => s[k] !== undefined);
  if (set.length === 0) {
    if (s.DISCOURSE_REVIEW_CATEGORY)
      throw new ConfigError(
        `DISCOURSE_URL: DISCOURSE_REVIEW_CATEGORY is set but the forum is off; set ${keys.join(', ')}.`,
      );
    return null;
  }
  if (set.length < keys.length) {
    const missing = keys.filter((k) => s[k] === undefined);
    throw new ConfigError(
      `${missing[0]}: the forum needs ${keys.join(', ')} together (set: ${set.join(', ')}; missing: ${missing.join(', ')}). ${SETTING_DOCS[missing[0]!]}`,
    );
  }
  const via = s.DISCOURSE_REVIEW_VIA;
  if (via === 'slack' && !slack?.reviewChannel)
    throw new ConfigError('DISCOURSE_REVIEW_VIA: slack needs Slack on with SLACK_REVIEW_CHANNEL set.');
  if (via === 'discord' && !discord?.reviewChannel)
    throw new ConfigError('DISCOURSE_REVIEW_VIA: discord needs Discord on with DISCORD_REVIEW_CHANNEL set.');
  const reviewVia =
    via !== 'auto' ? via : slack?.reviewChannel ? 'slack' : discord?.reviewChannel ? 'discord' : 'forum';
  return {
    url: s.DISCOURSE_URL!.replace(/\/+$/, ''),
    apiKey: s.DISCOURSE_API_KEY!,
    webhookSecret: s.DISCOURSE_WEBHOOK_SECRET!,
    username: s.DISCOURSE_USERNAME,
    reviewCategory: s.DISCOURSE_REVIEW_CATEGORY ? Number(s.DISCOURSE_REVIEW_CATEGORY) : null,
    reviewVia,
  };
}

/** AIRLOCK_ENCRYPTION_KEY's 32 bytes: 64 hex characters, or base64 (standard or URL-safe). Null when malformed. */
export function encryptionKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) return null;
  const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

function slackSettings(s: z.infer<typeof Settings>): Config['slack'] {
  const oauthSet = s.SLACK_CLIENT_ID !== undefined || s.SLACK_CLIENT_SECRET !== undefined;
  if (!s.SLACK_BOT_TOKEN && !s.SLACK_SIGNING_SECRET && !s.SLACK_APP_TOKEN && !oauthSet) {
    if (s.SLACK_REVIEW_CHANNEL)
      throw new ConfigError(
        'SLACK_BOT_TOKEN: SLACK_REVIEW_CHANNEL is set but Slack is off; set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.',
      );
    return null;
  }
  let oauth: NonNullable<Config['slack']>['oauth'] = null;
  if (oauthSet) {
    if (s.SLACK_BOT_TOKEN)
      throw new ConfigError(
        'SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (several workspaces, "Add to Slack"), not both.',
      );
    if (!s.SLACK_CLIENT_ID)
      throw new ConfigError(
        `SLACK_CLIENT_ID: required when SLACK_CLIENT_SECRET is set. ${SETTING_DOCS.SLACK_CLIENT_ID}`,
      );
    if (!s.SLACK_CLIENT_SECRET)
      throw new ConfigError(
        `SLACK_CLIENT_SECRET: required when SLACK_CLIENT_ID is set. ${SETTING_DOCS.SLACK_CLIENT_SECRET}`,
      );
    if (!s.AIRLOCK_ENCRYPTION_KEY)
      throw new ConfigError(
        `AIRLOCK_ENCRYPTION_KEY: required when SLACK_CLIENT_ID is set. ${SETTING_DOCS.AIRLOCK_ENCRYPTION_KEY}`,
      );
    const key = encryptionKey(s.AIRLOCK_ENCRYPTION_KEY);
    if (!key)
      throw new ConfigError(`AIRLOCK_ENCRYPTION_KEY: malformed. ${SETTING_DOCS.AIRLOCK_ENCRYPTION_KEY}`);
    oauth = { clientId: s.SLACK_CLIENT_ID, clientSecret: s.SLACK_CLIENT_SECRET, encryptionKey: key };
  } else if (!s.SLACK_BOT_TOKEN)
    throw new ConfigError(
      `SLACK_BOT_TOKEN: required when ${s.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for several workspaces). ${SETTING_DOCS.SLACK_BOT_TOKEN}`,
    );
  if (!s.SLACK_SIGNING_SECRET && !s.SLACK_APP_TOKEN)
    throw new ConfigError(
      `SLACK_SIGNING_SECRET: required when ${oauth ? 'SLACK_CLIENT_ID' : 'SLACK_BOT_TOKEN'} is set (or SLACK_APP_TOKEN for Socket Mode). ${SETTING_DOCS.SLACK_SIGNING_SECRET}`,
    );
  const reviewChannels: Record<string, string> = {};
  for (const pair of (s.SLACK_REVIEW_CHANNELS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [from, to] = pair.split('=').map((x) => x.trim());
    if (!from || !to || !/^[CG][A-Z0-9]+$/.test(to))
      throw new ConfigError(`SLACK_REVIEW_CHANNELS: expected SOURCE=REVIEW channel id pairs, got "${pair}"`);
    reviewChannels[from] = to;
  }
  return {
    botToken: s.SLACK_BOT_TOKEN ?? null,
    oauth,
    signingSecret: s.SLACK_SIGNING_SECRET ?? null,
    appToken: s.SLACK_APP_TOKEN ?? null,
    reviewChannel: s.SLACK_REVIEW_CHANNEL ?? null,
    reviewChannels,
    apiUrl: s.SLACK_API_URL.endsWith('/') ? s.SLACK_API_URL : `${s.SLACK_API_URL}/`,
  };
}
