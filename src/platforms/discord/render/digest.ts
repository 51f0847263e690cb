// The weekly digest as one embed; the chart, when rendered, travels as a PNG attachment shown inside it.
import { EmbedBuilder } from '@discordjs/builders';
import type { APIEmbed } from 'discord-api-types/v10';
import type { DigestPost } from '../../platform.ts';
import { clip, LIMITS } from './text.ts';

export const CHART_NAME = 'airlock-digest.png';

export function renderDigest(post: DigestPost): { embeds: APIEmbed[]; allowed_mentions: { parse: [] } } {
  const { digest } = post;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const embed = new EmbedBuilder()
    .setTitle(`Airlock digest ${day(digest.from)} – ${day(digest.to)}`)
    .setColor(0x5865f2);
  const totals = Object.entries(digest.totals)
    .map(([k, v]) => `${k}: **${v}**`)
    .join(' · ');
  embed.setDescription(clip(totals || 'No agent actions this period.', LIMITS.embedDescription));
  const lines = digest.held
    .slice(0, 10)
    .map(
      (h) =>
        `• \`${h.actionId}\` ${h.agent} → ${h.target ?? h.platform}: ${h.outcome}${h.reasons.length ? ` (${h.reasons.join(', ')})` : ''}`,
    );
  if (lines.length)
    embed.addFields({
      name: `Held or blocked (${digest.held.length})`,
      value: clip(lines.join('\n'), LIMITS.fieldValue),
    });
  if (post.chart) embed.setImage(`attachment://${CHART_NAME}`);
  return { embeds: [embed.toJSON()], allowed_mentions: { parse: [] } };
}
