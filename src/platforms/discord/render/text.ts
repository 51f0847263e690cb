// Small text helpers shared by the renderers: Discord's limits and safe quoting.
import type { Action, Reason } from '../../../governance/model.ts';

export const LIMITS = {
  content: 2000,
  embedDescription: 4096,
  fieldValue: 1024,
  fieldName: 256,
  title: 256,
  footer: 2048,
  modalValue: 4000,
} as const;

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** Where the action goes, in Discord's own mention syntax (rendered as a link, never a ping in embeds). */
export function targetOf(a: Pick<Action, 'kind' | 'channel' | 'thread' | 'recipient' | 'change'>): string {
  if (a.kind === 'dm') return a.recipient ? `DM to <@${a.recipient}>` : 'a DM';
  if (a.kind === 'config_change')
    return `config change: ${a.change?.system ?? '?'} ${a.change?.operation ?? ''} ${a.change?.target ?? ''}`.trim();
  const where = a.channel ? `<#${a.channel}>` : '?';
  return a.kind === 'reply' && a.thread ? `reply in thread <#${a.thread}> of ${where}` : `post in ${where}`;
}

/** Neutralizes Markdown code fences so quoted agent text cannot break out of its block. */
const fenceSafe = (s: string) => s.replace(/```/g, '`\u200b``');

/**
 * The action text with each reason's span marked `⟦like this⟧`, clipped to `max` around the first span so
 * a reviewer sees what triggered the hold even in a long message.
 */
export function markSpans(text: string, reasons: ReadonlyArray<Reason>, max: number): string {
  const spans = reasons
    .map((r) => r.span)
    .filter((s): s is [number, number] => Array.isArray(s) && s[1] > s[0])
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    out += `${text.slice(at, start)}⟦${text.slice(start, end)}⟧`;
    at = end;
  }
  out += text.slice(at);
  const first = out.indexOf('⟦');
  if (out.length > max && first > max / 2) out = `…${out.slice(first - Math.floor(max / 4))}`;
  return fenceSafe(clip(out, max));
}

export const ts = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;
