// ActionViews and errors rendered as MCP tool results: `structuredContent` for programs, and a text an LLM
// acts on correctly (what happened, why, and what to do next, especially "do not post it again").
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AirlockError, isAirlockError } from '../../governance/errors.ts';
import type { ActionView } from '../../governance/gateway.ts';
import { ACTION_STATUSES, CATEGORIES, DECISIONS, RISKS } from '../../governance/model.ts';

const ReasonOut = z.object({
  code: z.string(),
  category: z.enum(CATEGORIES),
  message: z.string(),
});

/** The structured result of every tool that submits or looks at an action. */
export const ActionResultShape = {
  action_id: z.string().describe('Airlock action id; pass it to get_action_status or wait_for_decision'),
  status: z.enum(ACTION_STATUSES).describe('Where the action is now'),
  decision: z.enum(DECISIONS).describe("Airlock's decision: publish, hold (waits for a reviewer) or block"),
  in_scope: z.boolean().describe('Whether a human request asked for this action'),
  risk: z.enum(RISKS),
  reasons: z.array(ReasonOut).describe('Every signal that fired'),
  approvals: z.object({ count: z.number(), group: z.string() }).nullable(),
  platform: z.string(),
  platform_ref: z.string().nullable().describe('Id of the published message on the platform, once published'),
  request_id: z.string().nullable(),
  final: z.boolean().describe('True when the status will not change any more'),
  next_step: z.string().describe('What the agent should do now'),
};
export const ActionResult = z.object(ActionResultShape);
export type ActionResult = z.infer<typeof ActionResult>;

const FINAL = new Set<ActionView['status']>([
  'published',
  'blocked',
  'rejected',
  'expired',
  'withdrawn',
  'failed',
]);
export const isFinal = (status: ActionView['status']): boolean => FINAL.has(status);
/** Still waiting for someone or something: a reviewer, the classifier, the publisher or an executor. */
export const isPending = (status: ActionView['status']): boolean => !isFinal(status);
/**
 * What a wait waits through (as the pipeline's waitForDecision): `approved` ends a wait, because for actions
 * executed outside Airlock (the MCP proxy) it is the executor's signal to claim.
 */
const UNDECIDED = new Set<ActionView['status']>(['received', 'held', 'publishing']);
export const isUndecided = (status: ActionView['status']): boolean => UNDECIDED.has(status);

function because(view: ActionView): string {
  const reasons = view.reasons.map((r) => `${r.message} [${r.code}]`);
  return reasons.length > 0 ? reasons.join('; ') : 'the policy requires a review';
}

function where(view: ActionView): string {
  if (view.kind === 'dm') return `a direct message to ${view.recipient ?? '?'}`;
  if (view.kind === 'config_change') {
    const c = view.change;
    return c
      ? `the ${c.system} change "${c.operation}"${c.target ? ` on ${c.target}` : ''}`
      : 'the configuration change';
  }
  const thread = view.kind === 'reply' && view.thread ? ` (thread ${view.thread})` : '';
  return `a ${view.kind} in ${view.channel ?? '?'}${thread}`;
}

/** One sentence per status, written for the model that called the tool. */
export function describeAction(view: ActionView): { text: string; next: string } {
  const id = view.id;
  const what = where(view);
  switch (view.status) {
    case 'published':
      return {
        text: `Published ${what} on ${view.platform}${view.platform_ref ? ` (ref ${view.platform_ref})` : ''}. Action ${id}.`,
        next: 'Done. Do not send it again.',
      };
    case 'held': {
      const approvals = view.approvals
        ? ` It needs ${view.approvals.count} approval(s) from ${view.approvals.group}.`
        : '';
      return {
        text: `Held for review because ${because(view)}.${approvals} Action ${id} is waiting for a human reviewer; it has NOT been published.`,
        next: `Do not post it again. Call wait_for_decision with action_id "${id}" to learn the outcome, or tell the user it awaits review.`,
      };
    }
    case 'received':
      return {
        text: `Received ${what}; Airlock is still deciding. Action ${id}.`,
        next: `Do not post it again. Call wait_for_decision with action_id "${id}".`,
      };
    case 'approved':
    case 'publishing':
      return {
        text: `A reviewer approved ${what} (or the policy allowed it); it is being published now. Action ${id}.`,
        next: `Do not post it again. Call wait_for_decision with action_id "${id}" to see it published.`,
      };
    case 'blocked':
      return {
        text: `Blocked: ${because(view)}. It will never be published as written. Action ${id}.`,
        next: 'Do not retry the same text. Remove the flagged content (never include credentials or personal data) or ask the user.',
      };
    case 'rejected':
      return {
        text: `A reviewer rejected ${what}. It was not published. Action ${id}.`,
        next: 'Do not post it again. Tell the user it was rejected, or ask them what to do instead.',
      };
    case 'expired':
      return {
        text: `Nobody reviewed ${what} in time; it expired unpublished. Action ${id}.`,
        next: 'Do not resend it unchanged; ask the user whether it is still needed.',
      };
    case 'withdrawn':
      return { text: `Withdrawn: ${what} was not published. Action ${id}.`, next: 'Nothing to do.' };
    case 'failed':
      return {
        text: `Publishing ${what} failed after ${view.attempts} attempt(s)${view.last_error ? `: ${view.last_error}` : ''}. Action ${id}.`,
        next: 'Tell the user publishing failed; an operator has to look at the platform connection.',
      };
    case 'retracted':
      return {
        text: `${what} was published and then retracted (deleted) by a reviewer or the requester. Action ${id}.`,
        next: 'Do not post it again. Ask the user what they want instead.',
      };
  }
}

export function actionResult(view: ActionView, lead?: string): ActionResult {
  const { next } = describeAction(view);
  return {
    action_id: view.id,
    status: view.status,
    decision: view.decision,
    in_scope: view.in_scope,
    risk: view.risk,
    reasons: view.reasons.map((r) => ({ code: r.code, category: r.category, message: r.message })),
    approvals: view.approvals ?? null,
    platform: view.platform,
    platform_ref: view.platform_ref,
    request_id: view.request_id,
    final: isFinal(view.status),
    next_step: lead ? `${lead} ${next}` : next,
  };
}

/** The tool result for an action: text for the model, the same facts as structuredContent. */
export function renderAction(view: ActionView, lead?: string): CallToolResult {
  const { text, next } = describeAction(view);
  return {
    content: [{ type: 'text', text: `${lead ? `${lead} ` : ''}${text} ${next}` }],
    structuredContent: actionResult(view, lead),
  };
}

/** A tool error the model can act on: the code, the field at fault, and the message. */
export function renderError(e: unknown): CallToolResult {
  const err = isAirlockError(e)
    ? e
    : new AirlockError('internal', 'Airlock could not complete the call', { cause: e });
  const field = err.field ? ` (field: ${err.field})` : '';
  const hint =
    err.code === 'invalid_input'
      ? ' Fix the argument and call the tool again.'
      : err.code === 'not_found'
        ? ' Check the id; only your own actions and requests are visible.'
        : err.status >= 500
          ? ' This is on the Airlock side; try again later.'
          : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `Error ${err.code}${field}: ${err.message}.${hint}` }],
    structuredContent: {
      error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) },
    },
  };
}

/** Runs a tool body, turning thrown errors into tool errors (never protocol errors the model cannot see). */
export async function toolCall(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (e) {
    return renderError(e);
  }
}

/** A JSON payload as a tool result (read tools): pretty text plus the same object as structuredContent. */
export function renderJson(lead: string, data: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: `${lead}\n${JSON.stringify(data, null, 2)}` }],
    structuredContent: data,
  };
}
