// The review card: one embed (request, target, preview with the held spans marked, reasons, tally,
// expiry) and the decision buttons. After a decision the same card is rendered with its outcome and
// no buttons.
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from '@discordjs/builders';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
} from 'discord-api-types/v10';
import type { ReviewCard } from '../../platform.ts';
import { encodeClick } from './custom-id.ts';
import { clip, LIMITS, markSpans, targetOf, ts } from './text.ts';

const COLOR = {
  pending: 0xf0b232,
  published: 0x23a55a,
  approved: 0x23a55a,
  refused: 0xda373c,
  other: 0x80848e,
};

export interface CardMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
}

function colorOf(card: ReviewCard): number {
  if (!card.outcome && card.action.status === 'held') return COLOR.pending;
  const s = card.outcome?.status ?? card.action.status;
  if (s === 'published' || s === 'approved' || s === 'publishing') return COLOR.published;
  if (s === 'rejected' || s === 'blocked' || s === 'failed') return COLOR.refused;
  return COLOR.other;
}

function outcomeLine(card: ReviewCard): string | null {
  const o = card.outcome;
  if (!o) return card.action.status === 'held' ? null : `Status: **${card.action.status}**`;
  const by = o.by.name ?? (o.by.kind === 'system' ? 'Airlock' : o.by.kind);
  const edited = o.edited ? ' (edited first)' : '';
  return `**${o.status}** by ${by}${edited} ${ts(o.at)}${o.reason ? `: ${clip(o.reason, 300)}` : ''}`;
}

export function renderCard(card: ReviewCard): CardMessage {
  const { action, request, agent } = card;
  const pending = !card.outcome && action.status === 'held';
  const embed = new EmbedBuilder()
    .setTitle(clip(`${agent.name} wants to ${targetOf(action).replace(/<[#@](\d+)>/g, '#$1')}`, LIMITS.title))
    .setColor(colorOf(card))
    .setDescription(`\`\`\`\n${markSpans(action.text, card.reasons, LIMITS.embedDescription - 200)}\n\`\`\``);
  embed.addFields(
    {
      name: 'Request',
      value: clip(
        request
          ? `<@${request.requester.id}> asked: “${request.text}”`
          : 'No recorded request (the agent acted on its own).',
        LIMITS.fieldValue,
      ),
    },
    { name: 'Target', value: clip(targetOf(action), LIMITS.fieldValue), inline: true },
    {
      name: 'Approvals',
      value: clip(
        `${card.tally.length}/${card.required.count} (${card.required.group})${
          card.tally.length ? `: ${card.tally.map((t) => t.reviewerName).join(', ')}` : ''
        }`,
        LIMITS.fieldValue,
      ),
      inline: true,
    },
  );
  if (card.expiresAt && pending)
    embed.addFields({ name: 'Expires', value: ts(card.expiresAt), inline: true });
  if (card.reasons.length > 0) {
    embed.addFields({
      name: 'Held because',
      value: clip(
        card.reasons.map((r) => `• \`${r.code}\` ${r.message}${r.span ? ' (marked ⟦ ⟧)' : ''}`).join('\n'),
        LIMITS.fieldValue,
      ),
    });
  }
  const outcome = outcomeLine(card);
  if (outcome) embed.addFields({ name: 'Outcome', value: clip(outcome, LIMITS.fieldValue) });
  embed.setFooter({ text: `Airlock · ${action.id} · content ${card.contentHash.slice(0, 12)}` });

  const components: CardMessage['components'] = [];
  if (pending) {
    const buttons = [
      new ButtonBuilder()
        .setCustomId(encodeClick('approve', action.id, card.contentHash))
        .setLabel('Approve')
        .setStyle(ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId(encodeClick('reject', action.id, card.contentHash))
        .setLabel('Reject')
        .setStyle(ButtonStyle.Danger),
      new ButtonBuilder()
        .setCustomId(encodeClick('edit', action.id, card.contentHash))
        .setLabel('Edit and approve')
        .setStyle(ButtonStyle.Primary),
    ];
    if (card.redactable)
      buttons.push(
        new ButtonBuilder()
          .setCustomId(encodeClick('redact', action.id, card.contentHash))
          .setLabel('Redact and approve')
          .setStyle(ButtonStyle.Primary),
      );
    buttons.push(
      new ButtonBuilder()
        .setCustomId(encodeClick('pause', action.id))
        .setLabel(`Pause ${clip(agent.name, 60)}`)
        .setStyle(ButtonStyle.Secondary),
    );
    components.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON());
  }
  const mentions = pending
    ? card.eligible.flatMap((r) => (r.identities['discord'] ? [`<@${r.identities['discord']}>`] : []))
    : [];
  return {
    content: pending
      ? clip(`Review needed${mentions.length ? `: ${mentions.join(' ')}` : ''}`, LIMITS.content)
      : '',
    embeds: [embed.toJSON()],
    components,
    // Mentions in the card are for display; the card never pings anyone by accident.
    allowed_mentions: { parse: [] },
  };
}
