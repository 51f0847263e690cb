// `/airlock ask|pending|status|pause|digest|help`. Answers are ephemeral (only the caller sees them).
import type { InboundResponse } from '../../platform.ts';
import { esc } from '../render/text.ts';
import { type InboundContext, refusal } from './context.ts';

export const HELP = [
  '*Airlock*',
  '`/airlock ask AGENT what you want` — ask an agent; what it posts back is checked against what you asked',
  '`/airlock pending` — holds waiting for your review',
  '`/airlock status ACTION_ID` — where an action stands',
  '`/airlock pause AGENT` — pause an agent (holds everything it sends until resumed)',
  '`/airlock digest` — this week in numbers',
  '`/airlock help` — this text',
].join('\n');

const reply = (text: string): InboundResponse => ({
  status: 200,
  body: { response_type: 'ephemeral', text },
});

export async function handleCommand(
  ctx: InboundContext,
  cmd: { text: string; userId: string; channelId: string; triggerId: string },
): Promise<InboundResponse> {
  const [sub = 'help', ...rest] = cmd.text.trim().split(/\s+/).filter(Boolean);
  const gw = () => ctx.gateway();
  try {
    switch (sub.toLowerCase()) {
      case 'ask': {
        const [name, ...words] = rest;
        if (!name || !words.length) return reply('Usage: `/airlock ask AGENT what you want`');
        const agent = await gw().agentByName(name);
        if (!agent || agent.revokedAt) return reply(`There is no agent named ${esc(name)}.`);
        ctx.rememberAgent(agent);
        const { request } = await gw().recordRequest({
          platform: 'slack',
          eventId: `command:${cmd.triggerId}`,
          requester: { id: cmd.userId },
          text: words.join(' '),
          origin: { channel: cmd.channelId, thread: null },
          agentId: agent.id,
        });
        await ctx.learn('request', request.id);
        await ctx.learn('channel', cmd.channelId);
        await ctx.learn('user', cmd.userId);
        return reply(
          `Asked ${esc(agent.name)} (request ${request.id}). Its answer is checked against what you asked.`,
        );
      }
      case 'pending': {
        const cards = await gw().pendingFor('slack', cmd.userId, 20);
        if (!cards.length) return reply('Nothing is waiting for your review.');
        return reply(
          cards
            .map(
              (c) =>
                `• \`${c.action.id}\` ${esc(c.agent.name)}: “${esc(c.action.text.slice(0, 80))}” — ${c.tally.length}/${c.required.count}`,
            )
            .join('\n'),
        );
      }
      case 'status': {
        const id = rest[0];
        if (!id) return reply('Usage: `/airlock status ACTION_ID`');
        const v = await gw().status('slack', cmd.userId, id);
        return reply(
          `\`${v.id}\` is *${v.status}*${v.last_error ? ` (last error: ${esc(v.last_error)})` : ''}.`,
        );
      }
      case 'pause': {
        const name = rest[0];
        if (!name) return reply('Usage: `/airlock pause AGENT`');
        const cards = await gw().pendingFor('slack', cmd.userId, 100);
        const card = cards.find((c) => c.agent.name === name);
        if (!card)
          return reply(
            `${esc(name)} has nothing waiting for you; pause it with *Pause agent* on one of its cards or with the CLI.`,
          );
        const out = await gw().decide({
          platform: 'slack',
          platformUserId: cmd.userId,
          actionId: card.action.id,
          verb: 'pause',
          interactionId: `command:${cmd.triggerId}`,
        });
        return reply(out.message);
      }
      case 'digest':
        return reply('The digest is not available yet.');
      default:
        return reply(HELP);
    }
  } catch (e) {
    return reply(refusal(e, ctx.log));
  }
}
