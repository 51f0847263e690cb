// DLP on what upstream tools return to the agent: the detectors find secrets and personal data in the text
// of a result, and the proxy replaces each finding with `[REDACTED:<code>]` before the agent sees it.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Detector, Finding } from '../../../governance/detect/types.ts';
import type { Category } from '../../../governance/model.ts';

export interface RedactionSummary {
  /** Finding codes and how often each was redacted; never the values. */
  counts: Record<string, number>;
  total: number;
}

/** Replaces findings of the given categories; overlapping findings collapse into one redaction. */
export function redactText(
  text: string,
  detect: Detector,
  categories: readonly Category[],
  summary: RedactionSummary,
): string {
  if (categories.length === 0 || text.length === 0) return text;
  const findings = detect(text, { only: categories })
    .filter((f) => categories.includes(f.category))
    .sort((a, b) => a.span[0] - b.span[0]);
  if (findings.length === 0) return text;
  const merged: Array<{ start: number; end: number; code: string }> = [];
  for (const f of findings as Finding[]) {
    const last = merged[merged.length - 1];
    if (last && f.span[0] < last.end) last.end = Math.max(last.end, f.span[1]);
    else merged.push({ start: f.span[0], end: f.span[1], code: f.code });
    summary.counts[f.code] = (summary.counts[f.code] ?? 0) + 1;
    summary.total++;
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += `${text.slice(at, m.start)}[REDACTED:${m.code}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

function redactDeep(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  }
  return value;
}

/** Redacts text content, embedded text resources and every string of structuredContent. */
export function redactResult(
  result: CallToolResult,
  detect: Detector,
  categories: readonly Category[],
): { result: CallToolResult; summary: RedactionSummary } {
  const summary: RedactionSummary = { counts: {}, total: 0 };
  const redact = (s: string) => redactText(s, detect, categories, summary);
  const content = (result.content ?? []).map((c) => {
    if (c.type === 'text') return { ...c, text: redact(c.text) };
    if (c.type === 'resource' && 'text' in c.resource && typeof c.resource.text === 'string') {
      return { ...c, resource: { ...c.resource, text: redact(c.resource.text) } };
    }
    return c;
  });
  const out: CallToolResult = { ...result, content };
  if (result.structuredContent) {
    out.structuredContent = redactDeep(result.structuredContent, redact) as Record<string, unknown>;
  }
  return { result: out, summary };
}
