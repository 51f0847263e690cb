// What the built-in local platform shows, readable over HTTP: review cards (with tally and outcome),
// requester notices and published posts, so an `npm start` user sees what a reviewer and a requester
// would. Reviewers only; `deliveries` counts how many times each action's post reached the platform.
import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../governance/errors.ts';
import type { Governance } from '../governance/pipeline/index.ts';
import { requireReviewer } from '../agents/http/auth.ts';
import { LocalMessagesQuery } from '../agents/http/schemas.ts';
import type { LocalPlatform } from '../platforms/local/index.ts';

export function mountLocalMessages(
  app: FastifyInstance,
  deps: { gov: Governance; local: LocalPlatform; integrationToken?: string | undefined },
): void {
  app.get('/v1/local/messages', async (req) => {
    await requireReviewer({ gov: deps.gov, integrationToken: deps.integrationToken }, req);
    const q = LocalMessagesQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidInput(q.error.issues);
    const { action_id, ...rest } = q.data;
    const messages = await deps.local.outbox.list({ ...rest, actionId: action_id });
    return {
      messages: messages.map((m) => ({
        id: m.id,
        type: m.type,
        action_id: m.actionId,
        channel: m.channel,
        thread: m.thread,
        recipient: m.recipient,
        text: m.text,
        data: m.data,
        created_at: m.createdAt.toISOString(),
        updated_at: m.updatedAt.toISOString(),
      })),
      ...(action_id ? { deliveries: await deps.local.deliveries(action_id) } : {}),
    };
  });
}
