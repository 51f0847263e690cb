// The weekly digest as one embed, rendered from the digest data every platform shares; the chart, when
// rendered, travels as a PNG attachment shown inside it.
import { EmbedBuilder } from '@discordjs/builders';
import type { APIEmbed } from 'discord-api-types/v10';
import {
  formatDelta,
  formatDuration,
  OUTCOME_LABELS,
  periodLabel,
} from '../../../governance/digest/index.ts';
import type { DigestPost } from '../../platform.ts';
import { clip, LIMITS } from './text.ts';

export const CHART_NAME = 'airlock-digest.png';

export function renderDigest(post: DigestPost): { embeds: APIEmbed[]; allowed_mentions: { parse: [] } } {
  const d = post.digest;
  const embed = new EmbedBuilder()
    .setTitle(clip(`Airlock digest: ${periodLabel(d)}`, 256))
    .setURL(d.url)
    .setColor(0x5865f2);
  embed.setDescription(
    clip(
      `**${d.held}** held of **${d.total}** actions (${formatDelta(d.change.held)} against the previous period)`,
      LIMITS.embedDescription,
    ),
  );
  const field = (name: string, lines: string[]) => {
    if (lines.length) embed.addFields({ name, value: clip(lines.join('\n'), LIMITS.fieldValue) });
  };
  field(
    'Outcomes',
    OUTCOME_LABELS.filter(([k]) => d.outcomes[k] > 0).map(([k, label]) => `${label}: **${d.outcomes[k]}**`),
  );
  field(
    'Why held',
    d.by_category.slice(0, 8).map((r) => `${r.key}: ${r.held}`),
  );
  const ttd = d.time_to_decision;
  if (ttd.decided > 0)
    field('Time to decision', [
      `median ${formatDuration(ttd.median_ms)}, p90 ${formatDuration(ttd.p90_ms)} (${ttd.decided} decided)`,
    ]);
  field(
    'Unrequested actions',
    d.patterns.slice(0, 5).map((p) => `• ${p.text}`),
  );
  field(
    'Oldest pending',
    d.oldest_pending
      .slice(0, 5)
      .map((p) => `• [${p.agent} in ${p.channel ?? p.platform}](${p.url}) (${formatDuration(p.age_ms)})`),
  );
  field(
    'Reviewer warnings',
    d.reviewers.flatMap((r) => r.warnings.map((w) => `• ${r.name}: ${w.message}`)).slice(0, 8),
  );
  if (post.chart) embed.setImage(`attachment://${CHART_NAME}`);
  return { embeds: [embed.toJSON()], allowed_mentions: { parse: [] } };
}
