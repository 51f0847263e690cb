// Clicks on review cards and requester notices, and modal submissions. Each maps to one
// `gateway.decide`; refusals are explained to the clicker privately and change nothing.
import { z } from 'zod';
import type { DecisionOutcome, DecisionVerb, InboundResponse } from '../../platform.ts';
import type { SlackResult } from '../client.ts';
import {
  ACTION_IDS,
  type ModalMeta,
  parseButtonValue,
  renderCard,
  renderEditModal,
  renderRejectModal,
  VIEW_IDS,
} from '../render/blocks.ts';
import { LIMITS } from '../render/text.ts';
import { type InboundContext, refusal } from './context.ts';

const VERB_OF: Record<string, DecisionVerb> = {
  [ACTION_IDS.approve]: 'approve',
  [ACTION_IDS.redact]: 'redact',
  [ACTION_IDS.pause]: 'pause',
  [ACTION_IDS.release]: 'release',
  [ACTION_IDS.discard]: 'discard',
};

const ok: InboundResponse = { status: 200, body: '' };

async function tell(ctx: InboundContext, channel: string | null, user: string, text: string): Promise<void> {
  if (!channel) return;
  try {
    await ctx.api.call('chat.postEphemeral', { channel, user, text });
  } catch (e) {
    ctx.log.warn({ err: e }, 'slack: could not send an ephemeral reply');
  }
}

async function showOutcome(
  ctx: InboundContext,
  out: DecisionOutcome,
  channel: string | null,
  ts: string | null,
) {
  ctx.rememberAgent(out.card.agent);
  if (!channel || !ts) return;
  const { text, blocks } = renderCard(out.card);
  try {
    await ctx.api.call('chat.update', { channel, ts, text, blocks });
  } catch (e) {
    ctx.log.warn({ err: e }, 'slack: could not update the review card');
  }
}

export async function handleInteraction(ctx: InboundContext, p: SlackResult): Promise<InboundResponse> {
  const user = String(p['user']?.id ?? '');
  if (p['type'] === 'block_actions') {
    const a = (p['actions'] ?? [])[0] as SlackResult | undefined;
    if (!a) return ok;
    const channel: string | null = p['channel']?.id ?? p['container']?.channel_id ?? null;
    const ts: string | null = p['message']?.ts ?? p['container']?.message_ts ?? null;
    const onCard = String(a['block_id'] ?? '').startsWith('airlock_review:');
    // Several workspaces: a click shows which workspace this channel (e.g. the review channel) is in.
    if (channel)
      await ctx
        .learn('channel', channel)
        .catch((e) => ctx.log.warn({ err: e }, "slack: could not remember a channel's workspace"));
    const value = parseButtonValue(String(a['value'] ?? ''));
    if (!value) return ok;
    const actionId = String(a['action_id']);
    if (actionId === ACTION_IDS.reject || actionId === ACTION_IDS.edit) {
      const meta: ModalMeta = { actionId: value.actionId, contentHash: value.contentHash, channel, ts };
      try {
        let view: ReturnType<typeof renderRejectModal>;
        if (actionId === ACTION_IDS.reject) view = renderRejectModal(meta);
        else {
          const text = (await ctx.gateway().reviewCard(value.actionId)).action.text;
          // A modal input holds 3,000 characters; editing a cut text would publish the cut.
          if (text.length > LIMITS.modalInput) {
            await tell(
              ctx,
              channel,
              user,
              `This text is longer than ${LIMITS.modalInput} characters; edit it in the console or the API.`,
            );
            return ok;
          }
          view = renderEditModal(meta, text);
        }
        await ctx.api.call('views.open', { trigger_id: String(p['trigger_id']), view });
      } catch (e) {
        await tell(ctx, channel, user, refusal(e, ctx.log));
      }
      return ok;
    }
    const verb = VERB_OF[actionId];
    if (!verb) return ok;
    try {
      const out = await ctx.gateway().decide({
        platform: 'slack',
        platformUserId: user,
        actionId: value.actionId,
        verb,
        ...(value.contentHash ? { contentHash: value.contentHash } : {}),
        interactionId: `${value.actionId}:${actionId}:${String(a['action_ts'] ?? p['trigger_id'] ?? '')}:${user}`,
      });
      if (onCard) await showOutcome(ctx, out, channel, ts);
      await tell(ctx, channel, user, out.message);
    } catch (e) {
      await tell(ctx, channel, user, refusal(e, ctx.log));
    }
    return ok;
  }
  if (p['type'] === 'view_submission') {
    const view = p['view'] as SlackResult | undefined;
    const callback = String(view?.['callback_id'] ?? '');
    if (!view || (callback !== VIEW_IDS.reject && callback !== VIEW_IDS.edit)) return ok;
    const meta = parseModalMeta(view['private_metadata']);
    if (!meta) return ok;
    const values = view['state']?.values ?? {};
    const field = callback === VIEW_IDS.reject ? 'reason' : 'text';
    const input = String(values[field]?.value?.value ?? '');
    try {
      const out = await ctx.gateway().decide({
        platform: 'slack',
        platformUserId: user,
        actionId: meta.actionId,
        verb: callback === VIEW_IDS.reject ? 'reject' : 'edit',
        contentHash: meta.contentHash,
        ...(callback === VIEW_IDS.reject ? { reason: input } : { text: input }),
        interactionId: `${meta.actionId}:${callback}:${String(view['id'] ?? '')}:${user}`,
      });
      await showOutcome(ctx, out, meta.channel, meta.ts);
      return ok;
    } catch (e) {
      return { status: 200, body: { response_action: 'errors', errors: { [field]: refusal(e, ctx.log) } } };
    }
  }
  return ok;
}

const modalMeta = z.object({
  actionId: z.string().min(1),
  contentHash: z.string(),
  channel: z.string().nullable(),
  ts: z.string().nullable(),
});
/** The modal's private_metadata as Airlock wrote it, or null when it is not (then nothing is decided). */
function parseModalMeta(raw: unknown): ModalMeta | null {
  try {
    const r = modalMeta.safeParse(JSON.parse(String(raw)));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
