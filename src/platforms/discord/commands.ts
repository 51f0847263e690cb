// The /airlock command as Discord registers it, built with @discordjs/builders.
import { SlashCommandBuilder } from '@discordjs/builders';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';

export function airlockCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName('airlock')
    .setDescription('Ask an agent through Airlock, and review what it wants to post')
    .addSubcommand((s) =>
      s
        .setName('ask')
        .setDescription('Ask an agent to do something (recorded as your request)')
        .addStringOption((o) =>
          o.setName('agent').setDescription('Agent name').setRequired(true).setMaxLength(128),
        )
        .addStringOption((o) =>
          o
            .setName('request')
            .setDescription('What you want the agent to do')
            .setRequired(true)
            .setMaxLength(4000),
        ),
    )
    .addSubcommand((s) => s.setName('pending').setDescription('Held actions you may decide'))
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription('Status of an action')
        .addStringOption((o) => o.setName('action').setDescription('Action id (act_…)').setRequired(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('pause')
        .setDescription('Pause an agent: its held actions stay held')
        .addStringOption((o) => o.setName('agent').setDescription('Agent name').setRequired(true)),
    )
    .addSubcommand((s) => s.setName('digest').setDescription('Where the weekly digest is posted'))
    .addSubcommand((s) => s.setName('help').setDescription('What Airlock does here'))
    .toJSON();
}
