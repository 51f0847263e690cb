// The requester's notice (a DM): what the agent wants to do and why it waits, with "Let it post" when
// only scope held it and "Discard" while it is pending; updated in place when the hold ends.
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from '@discordjs/builders';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
} from 'discord-api-types/v10';
import type { RequesterNotice } from '../../platform.ts';
import { encodeClick } from './custom-id.ts';
import { clip, LIMITS, targetOf } from './text.ts';

const HEADLINE: Record<RequesterNotice['event'], string> = {
  held: 'wants to post, and waits for a reviewer',
  published: 'posted',
  rejected: 'was stopped by a reviewer',
  expired: 'was not reviewed in time; nothing was posted',
  failed: 'could not be delivered',
  blocked: 'was blocked (it contained something that must never be posted)',
  withdrawn: 'was withdrawn by the agent',
  retracted: 'was deleted again',
  paused: 'is paused',
};

export function renderNotice(n: RequesterNotice): {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
} {
  const embed = new EmbedBuilder()
    .setTitle(clip(`${n.agent.name} ${HEADLINE[n.event]}`, LIMITS.title))
    .setDescription(clip(`You asked: “${n.request.text}”`, LIMITS.embedDescription))
    .addFields({ name: 'Target', value: clip(targetOf(n.action), LIMITS.fieldValue) });
  if (n.event === 'held' && n.why.length > 0)
    embed.addFields({
      name: 'Why it waits',
      value: clip(n.why.map((w) => `• ${w}`).join('\n'), LIMITS.fieldValue),
    });
  if (n.outcome?.reason)
    embed.addFields({ name: 'Reason', value: clip(n.outcome.reason, LIMITS.fieldValue) });
  embed.setFooter({ text: `Airlock · ${n.action.id}` });
  const buttons: ButtonBuilder[] = [];
  if (n.canRelease)
    buttons.push(
      new ButtonBuilder()
        .setCustomId(encodeClick('release', n.action.id))
        .setLabel('Let it post')
        .setStyle(ButtonStyle.Success),
    );
  if (n.canDiscard)
    buttons.push(
      new ButtonBuilder()
        .setCustomId(encodeClick('discard', n.action.id))
        .setLabel('Discard')
        .setStyle(ButtonStyle.Danger),
    );
  return {
    content: '',
    embeds: [embed.toJSON()],
    components: buttons.length ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON()] : [],
    allowed_mentions: { parse: [] },
  };
}
