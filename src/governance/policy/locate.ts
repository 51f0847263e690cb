// Turns problems in a policy file into `line:column: path: message`, pointing at the YAML node at fault.
import { isMap, isNode, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { KEYS } from './schema.ts';

export type PathSegment = string | number;

export interface PolicyIssue {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Key path such as `rules[2].decision`; empty for the file as a whole. */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PathSegment>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** `policy.yaml:12:5: rules[2].decision: must be one of publish, hold, block` */
export const formatIssue = (source: string, i: PolicyIssue): string =>
  `${source}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;

/** Positions of nodes in one parsed YAML document. */
export class SourceLocator {
  readonly #root: unknown;
  readonly #lines: LineCounter;

  constructor(root: unknown, lines: LineCounter) {
    this.#root = root;
    this.#lines = lines;
  }

  position(offset: number): { line: number; column: number } {
    const p = this.#lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /**
   * The deepest node along `path` that exists in the document. With `key`, points at the key of the last
   * segment rather than its value (for unknown keys). `depth` says how many segments were found.
   */
  find(path: ReadonlyArray<PathSegment>, key = false): { line: number; column: number; depth: number } {
    let node: unknown = this.#root;
    let at: Node | null = isNode(node) ? node : null;
    let depth = 0;
    for (const [i, seg] of path.entries()) {
      let next: unknown;
      let keyNode: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        keyNode = pair?.key;
        next = pair?.value ?? pair?.key;
        if (pair === undefined) break;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
        if (next === undefined) break;
      } else {
        break;
      }
      depth += 1;
      const target = key && i === path.length - 1 && isNode(keyNode) ? keyNode : next;
      if (isNode(target)) at = target;
      node = next;
    }
    const offset = at?.range?.[0] ?? 0;
    return { ...this.position(offset), depth };
  }

  issue(path: ReadonlyArray<PathSegment>, message: string, opts: { key?: boolean } = {}): PolicyIssue {
    const found = this.find(path, opts.key);
    return { line: found.line, column: found.column, path: formatPath(path), message };
  }
}

function valueAt(value: unknown, path: ReadonlyArray<PathSegment>): unknown {
  let v: unknown = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

/** Which kind of map sits at `path`, to list the keys it accepts. */
function mapKind(path: ReadonlyArray<PathSegment>): keyof typeof KEYS {
  const last = path[path.length - 1];
  if (last === undefined) return 'policy';
  if (typeof last === 'number') return 'rule';
  if (last === 'defaults' || last === 'approvals' || last === 'match' || last === 'risk') return last;
  return 'policy';
}

const TYPE_WORDS: Record<string, string> = {
  object: 'must be a map (key: value)',
  array: 'must be a list',
  string: 'must be text',
  number: 'must be a number',
  boolean: 'must be true or false',
};

type ZodIssue = z.core.$ZodIssue;

/** Zod issues → positioned, operator-readable issues. `value` is the document as plain data. */
export function issuesFromZod(
  issues: ReadonlyArray<ZodIssue>,
  value: unknown,
  locator: SourceLocator,
  base: ReadonlyArray<PathSegment> = [],
): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = KEYS[mapKind(path)].join(', ');
      for (const k of issue.keys) {
        out.push(locator.issue([...path, k], `unknown key "${k}" (allowed here: ${allowed})`, { key: true }));
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      // Report the alternative that got furthest: the one that failed below the top, not on its type.
      const branch = issue.errors.find((errs) =>
        errs.some((e) => e.path.length > 0 || e.code !== 'invalid_type'),
      );
      if (branch) {
        out.push(...issuesFromZod(branch, value, locator, path));
        continue;
      }
    }
    const found = locator.find(path);
    // A single value read as a list of one: report the value itself, not `[0]` of it.
    const reached = valueAt(value, path.slice(0, found.depth));
    const inScalar = found.depth < path.length && (reached === null || typeof reached !== 'object');
    const shown = inScalar ? path.slice(0, found.depth) : path;
    const missing = !inScalar && valueAt(value, path) === undefined;
    let message = issue.message;
    if (missing) message = 'is required';
    else if (issue.code === 'invalid_type' && message.startsWith('Invalid input')) {
      message = TYPE_WORDS[issue.expected] ?? message;
    }
    out.push({ line: found.line, column: found.column, path: formatPath(shown), message });
  }
  return out;
}
