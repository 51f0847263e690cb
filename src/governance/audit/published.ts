// `audit verify`, second half: what was published is what was decided. For every `action.published`
// event in the (already verified) chain, the content hash it recorded must match the action as stored now
// and, where the platform keeps a copy of what it delivered (the local platform does), that copy too.
// Editing a published text in `actions` or in a platform's outbox therefore fails verify, naming the action.
import { contentHashOf } from '../pipeline/deps.ts';
import type { Action, AuditEvent } from '../model.ts';
import type { DeliveredContent } from '../ports.ts';

export interface PublishedDeps {
  action(id: string): Promise<Action | null>;
  /** What the action's platform delivered; undefined when that platform keeps no copy. */
  delivered(action: Action): Promise<DeliveredContent | null | undefined>;
}

export type PublishedResult =
  | { ok: true; published: number; deliveredChecked: number }
  | { ok: false; published: number; actionId: string; seq: number; problem: string };

export async function verifyPublished(
  pages: AsyncIterable<AuditEvent[]>,
  deps: PublishedDeps,
): Promise<PublishedResult> {
  let published = 0;
  let deliveredChecked = 0;
  for await (const page of pages) {
    for (const e of page) {
      if (e.type !== 'action.published' || !e.actionId) continue;
      published++;
      const recorded = e.data['contentHash'];
      const fail = (problem: string): PublishedResult => ({
        ok: false,
        published,
        actionId: e.actionId!,
        seq: e.seq,
        problem: `action ${e.actionId}: ${problem}`,
      });
      if (typeof recorded !== 'string')
        return fail(`the published event (row ${e.seq}) records no content hash`);
      const action = await deps.action(e.actionId);
      if (!action) return fail(`published (row ${e.seq}) but missing from the actions table`);
      if (contentHashOf(action) !== recorded || action.contentHash !== recorded)
        return fail(
          `its stored content no longer matches the content hash recorded when it was published (row ${e.seq}): the actions row was edited`,
        );
      const copy = await deps.delivered(action);
      if (copy === undefined) continue;
      if (copy === null)
        return fail(`the ${action.platform} platform has no record of delivering it (row ${e.seq})`);
      deliveredChecked++;
      if (contentHashOf({ ...action, ...copy }) !== recorded)
        return fail(
          `what the ${action.platform} platform delivered does not match the content hash approved or decided (row ${e.seq}): the delivered message was edited`,
        );
    }
  }
  return { ok: true, published, deliveredChecked };
}
