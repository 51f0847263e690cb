// Parses a verified interaction and runs the one use case it maps to. Each function returns the
// interaction response Discord should get; refusals from the domain are shown to the clicker only
// (ephemeral, flags 64) and change nothing.
import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  TextInputStyle,
} from 'discord-api-types/v10';
import { isAirlockError } from '../../../governance/errors.ts';
import type { DecisionOutcome, PlatformDecision, PlatformGateway } from '../../platform.ts';
import { renderCard } from '../render/card.ts';
import { decodeClick, encodeClick } from '../render/custom-id.ts';
import { clip, LIMITS } from '../render/text.ts';
import { PLATFORM } from '../types.ts';

export const HELP = [
  '**Airlock** stages what agents want to post here and holds what was not asked for or looks risky.',
  '`/airlock ask agent:NAME request:TEXT`: ask an agent; your words become the request it is judged against.',
  '`/airlock pending`: held actions you may decide. `/airlock status action:ID`: where an action stands.',
  '`/airlock pause agent:NAME`: stop an agent until an admin resumes it.',
  'Review cards appear in the review channel: Approve, Reject, Edit and approve, Redact and approve, Pause.',
].join('\n');

export const ephemeral = (content: string): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: {
    content: clip(content, LIMITS.content),
    flags: MessageFlags.Ephemeral,
    allowed_mentions: { parse: [] },
  },
});

const userOf = (i: APIInteraction) => i.member?.user ?? i.user;

/** A domain refusal in words for the clicker; anything else is logged by the caller and rethrown. */
export function refusal(e: unknown): APIInteractionResponse | null {
  if (!isAirlockError(e)) return null;
  const prefix: Record<string, string> = {
    forbidden: 'You cannot decide this',
    content_changed: 'This card is out of date (the text changed); nothing was done',
    illegal_transition: 'Already decided; nothing was done',
    not_found: 'Not found',
    conflict: 'Nothing was done',
  };
  return ephemeral(`${prefix[e.code] ?? 'Refused'}: ${e.message}`);
}

export function createInteractions(gateway: () => PlatformGateway) {
  // A custom_id carries only a key of the content hash; the domain compares full hashes. The key is
  // expanded only when it matches the current content, so an older card's click stays content_changed.
  const fullHash = async (actionId: string, key: string) => {
    if (key.length >= 64) return key;
    const current = (await gateway().reviewCard(actionId)).contentHash;
    return current.startsWith(key) ? current : key;
  };

  const decide = async (
    i: APIInteraction,
    d: Omit<PlatformDecision, 'platform' | 'platformUserId' | 'interactionId'>,
  ) => {
    const user = userOf(i);
    if (!user) return ephemeral('Cannot tell who clicked.');
    let outcome: DecisionOutcome;
    try {
      if (d.contentHash) d = { ...d, contentHash: await fullHash(d.actionId, d.contentHash) };
      outcome = await gateway().decide({
        ...d,
        platform: PLATFORM,
        platformUserId: user.id,
        interactionId: i.id,
      });
    } catch (e) {
      const r = refusal(e);
      if (r) return r;
      throw e;
    }
    // A click on the review card: edit that message in place; anywhere else (a DM notice): say what happened.
    const onCard = 'message' in i && i.message?.embeds?.[0]?.footer?.text?.startsWith('Airlock · act');
    const fromNotice = d.verb === 'release' || d.verb === 'discard';
    if (onCard && !fromNotice) {
      const card = renderCard(outcome.card);
      return {
        type: InteractionResponseType.UpdateMessage,
        data: { ...card },
      } satisfies APIInteractionResponse;
    }
    if (fromNotice && 'message' in i && i.message)
      return {
        type: InteractionResponseType.UpdateMessage,
        data: { content: clip(outcome.message, LIMITS.content), components: [] },
      } satisfies APIInteractionResponse;
    return ephemeral(outcome.message);
  };

  async function command(i: APIChatInputApplicationCommandInteraction): Promise<APIInteractionResponse> {
    const user = userOf(i);
    if (!user) return ephemeral('Cannot tell who asked.');
    const sub = i.data.options?.[0];
    if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) return ephemeral(HELP);
    const opt = (name: string) => {
      const o = (sub.options ?? []).find(
        (x: APIApplicationCommandInteractionDataBasicOption) => x.name === name,
      );
      return o && 'value' in o ? String(o.value) : '';
    };
    try {
      switch (sub.name) {
        case 'ask': {
          const agent = await gateway().agentByName(opt('agent'));
          if (!agent || agent.revokedAt) return ephemeral(`No agent named “${opt('agent')}”.`);
          const channel = i.channel?.id ?? i.channel_id ?? 'unknown';
          const parent = i.channel && 'parent_id' in i.channel ? i.channel.parent_id : null;
          const isThread = i.channel && [10, 11, 12].includes(i.channel.type);
          const { request } = await gateway().recordRequest({
            platform: PLATFORM,
            eventId: i.id,
            requester: { id: user.id, name: user.global_name ?? user.username },
            text: opt('request'),
            origin: isThread && parent ? { channel: parent, thread: channel } : { channel, thread: null },
            agentId: agent.id,
          });
          return {
            type: InteractionResponseType.ChannelMessageWithSource,
            data: {
              content: clip(
                `<@${user.id}> asked **${agent.name}**: ${request.text}\n-# request ${request.id}`,
                LIMITS.content,
              ),
              allowed_mentions: { parse: [] },
            },
          };
        }
        case 'pending': {
          const cards = await gateway().pendingFor(PLATFORM, user.id, 10);
          if (cards.length === 0) return ephemeral('Nothing is waiting for you.');
          return ephemeral(
            cards
              .map(
                (c) =>
                  `• \`${c.action.id}\` ${c.agent.name}: ${clip(c.action.text.replace(/\s+/g, ' '), 120)}`,
              )
              .join('\n'),
          );
        }
        case 'status': {
          const v = await gateway().status(PLATFORM, user.id, opt('action'));
          return ephemeral(
            `\`${v.id}\` is **${v.status}**${v.last_error ? ` (last error: ${v.last_error})` : ''}.`,
          );
        }
        case 'pause': {
          const name = opt('agent');
          const held = (await gateway().pendingFor(PLATFORM, user.id, 50)).find((c) => c.agent.name === name);
          if (!held)
            return ephemeral(
              `No held action of “${name}” that you may decide; pause it from a review card or the console.`,
            );
          return decide(i, { actionId: held.action.id, verb: 'pause' });
        }
        case 'digest':
          return ephemeral('The weekly digest is posted in the review channel.');
        default:
          return ephemeral(HELP);
      }
    } catch (e) {
      const r = refusal(e);
      if (r) return r;
      throw e;
    }
  }

  async function component(i: APIMessageComponentInteraction): Promise<APIInteractionResponse> {
    const click = decodeClick(i.data.custom_id);
    if (!click) return ephemeral('This button is not Airlock’s.');
    const { actionId, hashKey } = click;
    const hash = hashKey ?? undefined;
    switch (click.kind) {
      case 'reject':
        return {
          type: InteractionResponseType.Modal,
          data: {
            custom_id: encodeClick('reject_modal', actionId, hashKey ?? undefined),
            title: 'Reject',
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.TextInput,
                    custom_id: 'reason',
                    label: 'Why (the requester sees this)',
                    style: TextInputStyle.Paragraph,
                    required: false,
                    max_length: 1000,
                  },
                ],
              },
            ],
          },
        };
      case 'edit': {
        let text = '';
        try {
          const card = await gateway().reviewCard(actionId);
          if (card.action.status !== 'held')
            return ephemeral(`Already decided: it is ${card.action.status}.`);
          text = card.action.text;
        } catch (e) {
          const r = refusal(e);
          if (r) return r;
          throw e;
        }
        return {
          type: InteractionResponseType.Modal,
          data: {
            custom_id: encodeClick('edit_modal', actionId, hashKey ?? undefined),
            title: 'Edit and approve',
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.TextInput,
                    custom_id: 'text',
                    label: 'Text to publish',
                    style: TextInputStyle.Paragraph,
                    required: true,
                    max_length: LIMITS.modalValue,
                    value: clip(text, LIMITS.modalValue),
                  },
                ],
              },
            ],
          },
        };
      }
      case 'approve':
      case 'redact':
        return decide(i, { actionId, verb: click.kind, ...(hash ? { contentHash: hash } : {}) });
      case 'pause':
      case 'release':
      case 'discard':
        return decide(i, { actionId, verb: click.kind });
      default:
        return ephemeral('This button is not Airlock’s.');
    }
  }

  async function modal(i: APIModalSubmitInteraction): Promise<APIInteractionResponse> {
    const click = decodeClick(i.data.custom_id);
    if (!click) return ephemeral('This form is not Airlock’s.');
    const value = (id: string) => {
      for (const row of i.data.components ?? []) {
        const inner = 'components' in row ? row.components : 'component' in row ? [row.component] : [];
        for (const c of inner as Array<{ custom_id?: string; value?: string }>)
          if (c.custom_id === id) return c.value ?? '';
      }
      return '';
    };
    const hash = click.hashKey ?? undefined;
    if (click.kind === 'reject_modal') {
      const reason = value('reason').trim();
      return decide(i, { actionId: click.actionId, verb: 'reject', ...(reason ? { reason } : {}) });
    }
    if (click.kind === 'edit_modal')
      return decide(i, {
        actionId: click.actionId,
        verb: 'edit',
        text: value('text'),
        ...(hash ? { contentHash: hash } : {}),
      });
    return ephemeral('This form is not Airlock’s.');
  }

  return {
    /** The response to a verified interaction other than PING. */
    async run(i: APIInteraction): Promise<APIInteractionResponse> {
      if (i.type === InteractionType.ApplicationCommand && i.data.type === 1)
        return command(i as APIChatInputApplicationCommandInteraction);
      if (i.type === InteractionType.MessageComponent) return component(i);
      if (i.type === InteractionType.ModalSubmit) return modal(i);
      return ephemeral('Airlock does not handle this interaction.');
    },
  };
}
