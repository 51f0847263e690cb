// What every platform adapter shares. A platform (Slack, Discord, the forum, the local console) has one
// shape: `create<X>Platform(config)` returning the domain's `Platform` port (outbound: publish, review
// card, requester notice, digest), plus an inbound side that verifies a webhook, parses it into one of
// the events below, and hands it to `applyInbound`. Adapters render and collect decisions; they decide
// nothing themselves.
import type { ActionView, RecordRequestBody, ReviewGateway } from '../governance/gateway.ts';
import type { StoredRequest } from '../governance/model.ts';

export type { Platform, RequesterEvent, ThreadMessage } from '../governance/ports.ts';

/** What an inbound webhook means, after the platform verified its signature and parsed it. */
export type InboundEvent =
  /** A human asked an agent for something (a mention, a DM, a slash command). */
  | { type: 'request'; request: Omit<RecordRequestBody, 'provenance'> }
  /** A reviewer clicked approve / reject / edit on a review card. */
  | {
      type: 'review';
      platform: string;
      platformUserId: string;
      actionId: string;
      verdict: 'approve' | 'reject';
      editedText?: string;
      reason?: string;
    };

export type InboundResult =
  | { type: 'request'; request: StoredRequest }
  | { type: 'review'; action: ActionView };

/** The one use-case call each inbound event maps to. Platform adapters call this and render the result. */
export async function applyInbound(reviews: ReviewGateway, event: InboundEvent): Promise<InboundResult> {
  if (event.type === 'request') {
    return {
      type: 'request',
      request: await reviews.recordRequest({ ...event.request, provenance: 'platform' }),
    };
  }
  const reviewer = await reviews.reviewerOnPlatform(event.platform, event.platformUserId);
  const action =
    event.verdict === 'approve'
      ? await reviews.approve(reviewer, event.actionId, {
          reason: event.reason,
          editedText: event.editedText,
        })
      : await reviews.reject(reviewer, event.actionId, { reason: event.reason });
  return { type: 'review', action };
}
