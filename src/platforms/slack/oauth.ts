// "Add to Slack" for several workspaces, on @slack/oauth's InstallProvider: GET /slack/install sets a
// state cookie in the browser and redirects to Slack's authorize page (client id, the bot scopes the code
// needs, the redirect URI, a signed and expiring state); GET /slack/oauth_redirect checks the state against
// that cookie (same browser) and its signature and age, exchanges the code with oauth.v2.access (at
// SLACK_API_URL), and stores the installation with its bot token sealed. A re-install updates the row.
// Any failure (cancelled in Slack, bad or expired state, Slack refusing the code) shows a page saying so
// and stores nothing. Tokens are never logged nor shown.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CodedError,
  ErrorCode,
  type Installation,
  type InstallationStore,
  InstallProvider,
  type InstallURLOptions,
  InvalidStateError,
  type Logger,
  LogLevel,
  type OrgInstallation,
  type StateStore,
} from '@slack/oauth';
import { z } from 'zod';
import type { SecretBox } from '../../secret-box.ts';
import type { InboundLog } from './inbound/context.ts';
import type { NewSlackInstallation, SlackInstallationRepo } from './installations.ts';
import { BOT_SCOPES } from './scopes.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
/** How long an install link is good for, from /slack/install to Slack's redirect back. */
export const STATE_TTL_MS = 10 * 60_000;

export interface InstallerConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: Buffer;
  /** `AIRLOCK_PUBLIC_URL` + /slack/oauth_redirect (the manifest's redirect URL). */
  redirectUri: string;
  apiUrl: string;
  installations: SlackInstallationRepo;
  box: SecretBox;
  now: () => Date;
  log: InboundLog;
}

export interface SlackInstaller {
  install(req: IncomingMessage, res: ServerResponse): Promise<void>;
  redirect(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * The state: `base64url(JSON {iat, nonce, options}).base64url(HMAC-SHA256)`, checked for its signature and
 * age against the injected clock. The InstallProvider also requires it to equal the browser's cookie.
 */
export function createStateStore(secret: Buffer, now: () => Date, ttlMs = STATE_TTL_MS): StateStore {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  const Payload = z.object({
    iat: z.number(),
    nonce: z.string(),
    options: z.record(z.string(), z.unknown()),
  });
  return {
    generateStateParam: async (installOptions) => {
      const body = Buffer.from(
        JSON.stringify({
          iat: now().getTime(),
          nonce: randomBytes(16).toString('base64url'),
          options: installOptions,
        }),
      ).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verifyStateParam: async (_libraryNow, state) => {
      const [body, mac, ...rest] = state.split('.');
      if (!body || !mac || rest.length > 0) throw new InvalidStateError('the state is malformed');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidStateError('the state signature does not verify');
      let payload: z.infer<typeof Payload>;
      try {
        payload = Payload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      } catch {
        throw new InvalidStateError('the state is malformed');
      }
      const age = now().getTime() - payload.iat;
      if (age > ttlMs || age < -60_000) throw new InvalidStateError('the install link expired');
      return payload.options as unknown as InstallURLOptions;
    },
  };
}

/** What Airlock keeps of an installation; anything else Slack sends is dropped. */
const Bot = z.object({
  token: z.string().startsWith('xoxb-'),
  userId: z.string().min(1),
  id: z.string().optional(),
  scopes: z.array(z.string()).default([]),
});
const Named = z.object({ id: z.string().min(1), name: z.string().optional() }).optional();

export function toInstallation(
  installation: Installation | OrgInstallation,
  box: SecretBox,
): NewSlackInstallation {
  const team = Named.parse(installation.team);
  const enterprise = Named.parse(installation.enterprise);
  const bot = Bot.safeParse(installation.bot);
  if (!bot.success) throw new Error('Slack granted no bot token (the app must ask for bot scopes)');
  const orgWide = installation.isEnterpriseInstall === true;
  const id = orgWide ? enterprise?.id : team?.id;
  if (!id) throw new Error('Slack named no workspace for this installation');
  return {
    id,
    teamId: team?.id ?? null,
    teamName: team?.name ?? null,
    enterpriseId: enterprise?.id ?? null,
    enterpriseName: enterprise?.name ?? null,
    isEnterpriseInstall: orgWide,
    appId: installation.appId ?? null,
    botUserId: bot.data.userId,
    botId: bot.data.id ?? null,
    botToken: box.seal(bot.data.token, id),
    botScopes: bot.data.scopes,
    installedBy: installation.user.id ?? null,
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, lines: string[]): void {
  if (res.writableEnded) return;
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Airlock</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>${escapeHtml(title)}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const AGAIN = `Nothing was installed. Start again at ${INSTALL_PATH}.`;

interface Page {
  status: number;
  title: string;
  lines: string[];
}

/** The page for a failed install: what went wrong, in words the installing person can act on. */
function failurePage(error: CodedError, req: IncomingMessage): Page {
  const denied = new URL(req.url ?? '/', 'http://x').searchParams.get('error');
  if (error.code === ErrorCode.AuthorizationError || denied)
    return {
      status: 400,
      title: 'Installation cancelled',
      lines: [`Slack reported "${denied ?? 'access_denied'}": the installation was not allowed.`, AGAIN],
    };
  if (error.code === ErrorCode.InvalidStateError || error.code === ErrorCode.MissingStateError)
    return {
      status: 400,
      title: 'This install link is not valid',
      lines: [
        'It expired (links last 10 minutes), was already used, or was opened in another browser than the one that started it.',
        AGAIN,
      ],
    };
  if (error.code === ErrorCode.MissingCodeError)
    return { status: 400, title: 'Slack sent no authorization code', lines: [AGAIN] };
  const slackError = (error as { data?: { error?: string } }).data?.error;
  if (error.code === 'slack_webapi_platform_error' && slackError)
    return {
      status: 502,
      title: 'Slack refused the installation',
      lines: [`Slack answered "${slackError}".`, AGAIN],
    };
  return {
    status: 500,
    title: 'The installation failed',
    lines: [
      'Airlock could not finish the installation (Slack unreachable, or the database); the log says why.',
      AGAIN,
    ],
  };
}

export function createSlackInstaller(config: InstallerConfig): SlackInstaller {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (...msg) => config.log.warn({ detail: msg.map(String).join(' ') }, 'slack oauth'),
    // The library logs the failure it hands to our failure page; the page's branch logs what matters.
    error: () => {},
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
  const installationStore: InstallationStore = {
    storeInstallation: async (installation) => {
      await config.installations.save(toInstallation(installation, config.box), config.now());
    },
    fetchInstallation: async () => {
      throw new Error('installations are read through the Slack adapter, not the InstallProvider');
    },
  };
  const provider = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateStore: createStateStore(config.stateSecret, config.now),
    installationStore,
    installUrlOptions: { scopes: BOT_SCOPES, redirectUri: config.redirectUri },
    directInstall: true,
    stateCookieExpirationSeconds: STATE_TTL_MS / 1000,
    logger,
    clientOptions: {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    },
  });
  return {
    install: async (req, res) => {
      try {
        await provider.handleInstallPath(req, res);
      } catch (e) {
        config.log.warn({ err: e }, 'slack oauth: could not start an install');
        page(res, 500, 'Cannot start the installation', [
          'Airlock could not build the Slack link; the log says why.',
        ]);
      }
    },
    redirect: async (req, res) => {
      await provider.handleCallback(req, res, {
        successAsync: async (installation) => {
          const team = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
          page(res, 200, `Airlock is installed in ${team}`, [
            'Invite @Airlock to the channels where people ask agents, and to your review channel (/invite @Airlock).',
            'You can close this page.',
          ]);
        },
        failureAsync: async (error, _options, callbackReq, callbackRes) => {
          config.log.warn({ code: error.code, reason: error.message }, 'slack oauth: install refused');
          const p = failurePage(error, callbackReq);
          page(callbackRes, p.status, p.title, p.lines);
        },
      });
      if (!res.writableEnded) page(res, 500, 'The installation failed', [AGAIN]);
    },
  };
}
