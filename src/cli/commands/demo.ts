// `airlock demo` (what `npm run demo` runs): replays the incident Airlock answers, end to end, and exits 0;
// `--keep` leaves its own Airlock running to look around in the console.
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { isAirlockError } from '../../governance/errors.ts';
import { loadConfig } from '../context.ts';
import { DemoStepError } from '../demo/http.ts';
import { playIncident } from '../demo/incident.ts';
import { ownAirlock, type PlayableTarget, readDemoEnv, runningAirlock } from '../demo/target.ts';
import { fail } from '../output.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'replay the incident Airlock answers: an agent asked to analyze a question tries to advise widening a production ACL in public; Airlock holds it, a reviewer rejects, the private answer publishes. Starts its own Airlock on a free port (or uses AIRLOCK_URL)',
    )
    .option('--keep', 'leave the demo Airlock running afterwards, to look around in the console')
    .action(async (opts: { keep?: boolean }) => {
      let target: PlayableTarget | undefined;
      try {
        const env = readDemoEnv();
        out('Airlock demo: an agent asked to analyze a question tries to answer in public.');
        target = env.AIRLOCK_URL ? await runningAirlock(env, loadConfig()) : await ownAirlock();
        out(`Airlock: ${target.describe}`);
        out(`Console: ${target.url}/console (sign in with ${target.signIn})`);
        const ids = await playIncident(target, out, randomBytes(6).toString('hex'));
        out('');
        out(
          `Done: the ACL advice (${ids.heldId}) never reached #infra-help; Sam got the private answer (${ids.publishedId}).`,
        );
        out(
          opts.keep
            ? `Look at it: ${target.url}/console/actions/${ids.heldId}`
            : 'To look around in the console afterwards: npm run demo -- --keep',
        );
      } catch (e) {
        await target?.close().catch(() => undefined);
        if (e instanceof DemoStepError || isAirlockError(e)) fail(`demo: ${e.message}`, 1);
        throw e;
      }
      if (opts.keep && !process.env['AIRLOCK_URL']) {
        const t = target;
        out('');
        out(`Still running (--keep) at ${t.url}; sign in at ${t.url}/console. Stop with Ctrl-C.`);
        const stop = async () => {
          await t.close().catch(() => undefined);
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
        return;
      }
      await target.close();
      process.exit(0);
    });
}
