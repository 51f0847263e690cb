// `airlock digest [--since 7d|DATE] [--format md|json|html] [--out FILE] [--tz ZONE]`
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DIGEST_FORMATS, type DigestFormat } from '../../digest-service.ts';
import { withAirlock } from '../context.ts';

export function digestCommand(): Command {
  return new Command('digest')
    .description('print the digest of held actions (default: the 7 × 24 hours up to now)')
    .option('--since <when>', 'period start: 7d, 24h, 2w, a date (2026-11-23, local midnight) or an instant')
    .addOption(new Option('--format <format>', 'output format').choices(DIGEST_FORMATS).default('md'))
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--tz <zone>', 'IANA time zone the days are counted in (default AIRLOCK_TIME_ZONE)')
    .action(async (o: { since?: string; format: DigestFormat; out?: string; tz?: string }) => {
      const text = await withAirlock(async (a) =>
        a.digest.render(await a.digest.compute({ since: o.since, timeZone: o.tz }), o.format),
      );
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
}
