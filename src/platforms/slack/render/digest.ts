// The weekly digest as Block Kit: the same data every platform renders (governance/digest), in Slack's
// shapes. Kept well inside Block Kit's limits (50 blocks, 3,000 characters per text).
import {
  formatDelta,
  formatDuration,
  OUTCOME_LABELS,
  periodLabel,
} from '../../../governance/digest/index.ts';
import type { Digest } from '../../../governance/digest/index.ts';
import { esc } from './text.ts';

const cut = (s: string, n = 2_900) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text) } });

export function digestBlocks(d: Digest): { text: string; blocks: Array<Record<string, unknown>> } {
  const title = `Airlock digest: ${periodLabel(d)}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, 150) } },
    section(
      `*${d.held}* held of *${d.total}* actions (${formatDelta(d.change.held)} against the previous period)`,
    ),
  ];
  const outcomes = OUTCOME_LABELS.filter(([k]) => d.outcomes[k] > 0).map(
    ([k, label]) => `• ${label}: *${d.outcomes[k]}*`,
  );
  if (outcomes.length) blocks.push(section(`*Outcomes*\n${outcomes.join('\n')}`));
  if (d.by_category.length) {
    blocks.push(
      section(
        `*Why held*\n${d.by_category
          .slice(0, 8)
          .map((r) => `• ${esc(r.key)}: ${r.held}`)
          .join('\n')}`,
      ),
    );
  }
  const ttd = d.time_to_decision;
  if (ttd.decided > 0) {
    blocks.push(
      section(
        `*Time to decision*: median ${formatDuration(ttd.median_ms)}, p90 ${formatDuration(ttd.p90_ms)} (${ttd.decided} decided)`,
      ),
    );
  }
  if (d.patterns.length) {
    blocks.push(
      section(
        `*Unrequested actions*\n${d.patterns
          .slice(0, 5)
          .map((p) => `• ${esc(p.text)}`)
          .join('\n')}`,
      ),
    );
  }
  if (d.oldest_pending.length) {
    blocks.push(
      section(
        `*Oldest pending*\n${d.oldest_pending
          .slice(0, 5)
          .map(
            (p) =>
              `• <${p.url}|${esc(p.agent)} in ${esc(p.channel ?? p.platform)}> (${formatDuration(p.age_ms)})`,
          )
          .join('\n')}`,
      ),
    );
  }
  const warnings = d.reviewers.flatMap((r) => r.warnings.map((w) => `• ${esc(r.name)}: ${esc(w.message)}`));
  if (warnings.length) blocks.push(section(`*Reviewer warnings*\n${warnings.slice(0, 8).join('\n')}`));
  if (d.pauses.length || d.retractions.length) {
    blocks.push(section(`Pauses: ${d.pauses.length} · retractions: ${d.retractions.length}`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${d.url}|Open in the console>` }] });
  return { text: `${title}: ${d.held} held`, blocks };
}
