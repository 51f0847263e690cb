// What any value from outside must satisfy before it goes further: strings free of NUL and lone UTF-16
// surrogates (PostgreSQL refuses the first in text and jsonb, and would store the second as U+FFFD while
// the content hash covers the original), JSON nesting and size bounded (deep nesting overflows the stack
// in recursive code such as the canonical JSON of the audit chain), dates inside PostgreSQL's range.
// Refused, never normalized: what is hashed and judged is exactly what was sent.
// The walk is iterative, so a 10,000-deep value is refused without recursion.
import { z } from 'zod';

/** Deepest nesting accepted in any JSON field (`change.details`, audit `data`, ...). */
export const MAX_JSON_DEPTH = 32;
/** Most values (objects, arrays, scalars) in one JSON field. */
export const MAX_JSON_NODES = 10_000;
/** Earliest and latest instant a date parameter may name (PostgreSQL and ISO 8601 agree on these). */
export const MIN_DATE = Date.UTC(1970, 0, 1);
export const MAX_DATE = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface InputProblem {
  /** Dotted path of the offending field, relative to the value checked. */
  path: string;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be accepted, or null. */
export function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL (U+0000) characters';
  if (LONE_SURROGATE.test(s))
    return 'must be well-formed Unicode (it contains a lone UTF-16 surrogate, e.g. \\ud800 not part of a pair)';
  return null;
}

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * Checks every string (keys included), the depth and the size of a JSON-like value.
 * Returns the first problem with the path to it, or null.
 */
export function inputProblem(
  value: unknown,
  opts: { maxDepth?: number; maxNodes?: number } = {},
): InputProblem | null {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const maxNodes = opts.maxNodes ?? MAX_JSON_NODES;
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (++nodes > maxNodes) return { path, message: `too large: more than ${maxNodes} values` };
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) return { path, message: p };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { path, message: `nested too deeply (at most ${maxDepth} levels)` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      const kp = stringProblem(k);
      if (kp) return { path: join(path, k), message: `key ${kp}` };
      stack.push({ v: child, path: join(path, k), depth: depth + 1 });
    }
  }
  return null;
}

/** A string schema that refuses NUL and lone surrogates. */
export const safeString = () =>
  z.string().superRefine((s, ctx) => {
    const p = stringProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

/** A JSON object field with bounded depth and size and safe strings throughout. */
export const boundedRecord = (opts: { maxDepth?: number; maxNodes?: number } = {}) =>
  z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
    const p = inputProblem(v, { maxDepth: opts.maxDepth ?? MAX_JSON_DEPTH - 2, ...opts });
    if (p)
      ctx.addIssue({
        code: 'custom',
        message: p.message,
        path: p.path ? p.path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '') : [],
      });
  });

/** A date within [1970, 9999]: PostgreSQL refuses some years JavaScript accepts (e.g. -010000). */
export const boundedDate = () =>
  z.coerce.date().refine((d) => d.getTime() >= MIN_DATE && d.getTime() <= MAX_DATE, {
    message: 'must be a date between 1970-01-01 and 9999-12-31 (ISO 8601, e.g. 2026-11-01T00:00:00Z)',
  });

/** Ids Airlock issues and accepts in paths: letters, digits, `_`, `-`, `.`, `:`; at most 512 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,512}$/;
