// POST /discord/interactions: every request is signature-checked (401 otherwise: Discord probes with bad
// signatures when the URL is saved), fresh, and new (an interaction id is accepted once). PING gets PONG.
// The work runs against a deadline: when it is not done in time the answer is deferred, and the result
// is sent later through the interaction's webhook, so Discord always hears back within its 3 seconds.
import {
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { InboundHandler, InboundRequest, InboundResponse } from '../../platform.ts';
import { call, type DiscordRest } from '../rest.ts';
import type { DiscordLog } from '../types.ts';
import { ephemeral } from './interactions.ts';
import { ed25519PublicKey, SeenIds, verifyInteraction } from './verify.ts';

export const INTERACTIONS_PATH = '/discord/interactions';

export interface HandlerOptions {
  publicKey: string;
  applicationId: string;
  rest: DiscordRest;
  now: () => Date;
  freshnessMs: number;
  deferAfterMs: number;
  log?: DiscordLog | undefined;
  run(i: APIInteraction): Promise<APIInteractionResponse>;
}

const DEFERRED = Symbol('deferred');

/** The interaction fields the handlers read, with their types (anything else passes through). */
const obj = z.looseObject({});
const interactionEnvelope = z.looseObject({
  type: z.number().int(),
  id: z.string().max(64).optional(),
  token: z.string().max(1_000).optional(),
  application_id: z.string().max(64).optional(),
  channel_id: z.string().max(64).optional(),
  guild_id: z.string().max(64).optional(),
  data: obj.optional(),
  member: z.looseObject({ user: obj.optional() }).optional(),
  user: obj.optional(),
  message: obj.optional(),
});

export function createInteractionsHandler(o: HandlerOptions): InboundHandler & { settled(): Promise<void> } {
  const key = ed25519PublicKey(o.publicKey);
  // Twice the freshness window: a replay older than that fails the timestamp check anyway.
  const seen = new SeenIds(o.freshnessMs * 2);
  const background = new Set<Promise<void>>();

  const refuse = (why: string): InboundResponse => ({
    status: 401,
    body: { error: { code: 'unauthorized', message: why } },
  });

  /** Sends a late result through the interaction webhook (its token is valid for 15 minutes). */
  const followUp = async (i: APIInteraction, resp: APIInteractionResponse) => {
    const data = 'data' in resp ? (resp.data as Record<string, unknown> | undefined) : undefined;
    if (!data) return;
    const isEphemeral = typeof data['flags'] === 'number' && (data['flags'] & MessageFlags.Ephemeral) !== 0;
    if (i.type === InteractionType.MessageComponent || i.type === InteractionType.ModalSubmit) {
      if (resp.type === InteractionResponseType.UpdateMessage) {
        await call('edit deferred message', () =>
          o.rest.bot.patch(Routes.webhookMessage(o.applicationId, i.token, '@original'), {
            auth: false,
            body: data,
          }),
        );
        return;
      }
      await call('send follow-up', () =>
        o.rest.bot.post(Routes.webhook(o.applicationId, i.token), {
          auth: false,
          body: { ...data, flags: isEphemeral ? MessageFlags.Ephemeral : undefined },
        }),
      );
      return;
    }
    await call('edit deferred reply', () =>
      o.rest.bot.patch(Routes.webhookMessage(o.applicationId, i.token, '@original'), {
        auth: false,
        body: data,
      }),
    );
  };

  const deferredFor = (i: APIInteraction): APIInteractionResponse =>
    i.type === InteractionType.MessageComponent || i.type === InteractionType.ModalSubmit
      ? { type: InteractionResponseType.DeferredMessageUpdate }
      : {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: { flags: MessageFlags.Ephemeral },
        };

  const safeRun = async (i: APIInteraction): Promise<APIInteractionResponse> => {
    try {
      return await o.run(i);
    } catch (e) {
      o.log?.warn(
        { interactionId: i.id, error: e instanceof Error ? e.message : String(e) },
        'discord interaction failed',
      );
      return ephemeral('Airlock could not do that just now; nothing was changed. Try again in a moment.');
    }
  };

  return {
    path: INTERACTIONS_PATH,
    async settled() {
      while (background.size) await Promise.all([...background]);
    },
    async handle(req: InboundRequest): Promise<InboundResponse> {
      if (req.method !== 'POST')
        return { status: 405, body: { error: { code: 'method_not_allowed', message: 'POST only' } } };
      const nowMs = o.now().getTime();
      const v = verifyInteraction(key, req.headers, req.rawBody, nowMs, o.freshnessMs);
      if (!v.ok) return refuse(`invalid request signature: ${v.why}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return { status: 400, body: { error: { code: 'invalid_input', message: 'body is not JSON' } } };
      }
      // Signed by Discord's key, yet checked: the fields read below must have their types.
      const envelope = interactionEnvelope.safeParse(parsed);
      if (!envelope.success) {
        const issue = envelope.error.issues[0];
        const field = issue?.path.length ? issue.path.join('.') : 'body';
        return {
          status: 400,
          body: {
            error: { code: 'invalid_input', field, message: `${field}: ${issue?.message ?? 'invalid'}` },
          },
        };
      }
      const i = parsed as APIInteraction;
      if (i.type === InteractionType.Ping)
        return { status: 200, body: { type: InteractionResponseType.Pong } };
      if (typeof i.id !== 'string' || !seen.first(i.id, nowMs)) return refuse('replayed interaction');

      const work = safeRun(i);
      const first = await Promise.race([
        work,
        new Promise<typeof DEFERRED>((r) => setTimeout(() => r(DEFERRED), o.deferAfterMs).unref()),
      ]);
      if (first !== DEFERRED) return { status: 200, body: first as unknown as Record<string, unknown> };
      const late = work
        .then((resp) => followUp(i, resp))
        .catch((e: unknown) =>
          o.log?.warn(
            { interactionId: i.id, error: e instanceof Error ? e.message : String(e) },
            'discord follow-up failed',
          ),
        )
        .finally(() => background.delete(late));
      background.add(late);
      return { status: 200, body: deferredFor(i) as unknown as Record<string, unknown> };
    },
  };
}
