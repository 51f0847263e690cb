// `airlock discord register`: registers the /airlock slash command with Discord (PUT application
// commands), globally or, with --guild, in one server (immediate; global commands can take a while).
import { Command } from 'commander';
import { isPlatformError } from '../../governance/errors.ts';
import { registerCommands } from '../../platforms/discord/index.ts';
import { fail, loadConfig, print } from '../context.ts';

export function discordCommand(): Command {
  const discord = new Command('discord').description('Discord integration');
  discord
    .command('register')
    .description(
      'register the /airlock command with Discord (needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN)',
    )
    .option('--guild <id>', 'register in one server only (takes effect at once)')
    .option('--json', 'print the registered commands as JSON')
    .action(async (o: { guild?: string; json?: boolean }) => {
      const config = loadConfig();
      const d = config.discord;
      if (!d)
        fail(
          'DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN must be set to register commands',
          78,
        );
      try {
        const out = await registerCommands({
          applicationId: d.applicationId,
          botToken: d.botToken,
          apiUrl: d.apiUrl,
          guildId: o.guild ?? null,
        });
        print(
          !!o.json,
          out,
          () =>
            `registered ${out.map((c) => `/${c.name}`).join(', ')} ${o.guild ? `in server ${o.guild}` : 'globally'}`,
        );
      } catch (e) {
        if (isPlatformError(e)) fail(`${e.message}${e.status === 401 ? ' (check DISCORD_BOT_TOKEN)' : ''}`);
        throw e;
      }
    });
  return discord;
}
