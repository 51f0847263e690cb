// `airlock classify`: JSON Lines of cases in, one decision per line out, in input order
// (contract: ../shared/contracts/classify.md). Runs the live classifier and policy; never touches the database.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Command } from 'commander';
import { type ClassifierOptions, createClassifier } from '../../governance/classify.ts';
import { detectAll } from '../../governance/detect/index.ts';
import { isAirlockError } from '../../governance/errors.ts';
import { classifierFailed } from '../../governance/fail-closed.ts';
import {
  ClassifyCase,
  type Decision,
  type DecisionVerdict,
  type Reason,
  type Risk,
} from '../../governance/model.ts';
import type { Classifier } from '../../governance/ports.ts';
import { loadPolicyFile } from '../../policy-file.ts';

export interface DecisionLine {
  id: string;
  decision: DecisionVerdict;
  in_scope: boolean;
  risk: Risk;
  reasons: Reason[];
}

export interface ErrorLine {
  id: string | null;
  error: { line: number; message: string };
}

export type ClassifyOutputLine = DecisionLine | ErrorLine;

export const isErrorLine = (o: ClassifyOutputLine): o is ErrorLine => 'error' in o;

export type ClassifierFactory = (opts: ClassifierOptions) => Classifier;

/**
 * The classifier `airlock classify` and `npm run eval` use: governance/classify.ts `createClassifier` with
 * the shipped detectors (`detectAll`) over the policy file (the shipped default without a path).
 */
export function buildClassifier(
  policyPath?: string,
  factory: ClassifierFactory = createClassifier,
): Classifier {
  return factory({ policy: loadPolicyFile(policyPath), detect: detectAll });
}

const MAX_ISSUES_SHOWN = 3;

function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }>,
  value: unknown,
): string {
  const parts = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.map(String);
    let v: unknown = value;
    for (const seg of path)
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
    const message = v === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${path.length > 0 ? path.join('.') : '(line)'}: ${message}`;
  });
  const more = issues.length - MAX_ISSUES_SHOWN;
  return more > 0 ? `${parts.join('; ')} (and ${more} more)` : parts.join('; ');
}

/** Only the contract's fields, in the contract's order; `span` only where present. */
function toDecisionLine(id: string, d: Decision): DecisionLine {
  const reasons = d.reasons.map((r): Reason => {
    const out: Reason = { code: r.code, category: r.category, message: r.message };
    if (r.span) out.span = [r.span[0], r.span[1]];
    return out;
  });
  if (d.rule && !reasons.some((r) => r.code === d.rule)) {
    reasons.push({ code: d.rule, category: 'policy', message: `decided by ${d.rule}` });
  }
  return { id, decision: d.decision, in_scope: d.in_scope, risk: d.risk, reasons };
}

/**
 * Decides one input line (1-based `line`). Invalid JSON or a schema mismatch gives an ErrorLine naming the
 * field; a classifier that throws gives a hold (as the live pipeline does) and `failed: true`.
 */
export function classifyLine(
  text: string,
  line: number,
  classifier: Classifier,
): { out: ClassifyOutputLine; failed: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { out: { id: null, error: { line, message: `invalid JSON: ${why}` } }, failed: false };
  }
  const rawId = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  const id = typeof rawId === 'string' ? rawId : null;
  const parsed = ClassifyCase.safeParse(value);
  if (!parsed.success) {
    return {
      out: { id, error: { line, message: describeIssues(parsed.error.issues, value) } },
      failed: false,
    };
  }
  const c = parsed.data;
  try {
    const decision = classifier.classify({
      request: c.request,
      agent: c.agent,
      action: c.action,
      context: c.context,
    });
    return { out: toDecisionLine(c.id, decision), failed: false };
  } catch (e) {
    return { out: toDecisionLine(c.id, classifierFailed(e)), failed: true };
  }
}

export interface StreamSummary {
  lines: number;
  invalid: number;
  failed: number;
}

/** Reads JSON Lines from `input`, writes one output line per non-blank input line, honouring backpressure. */
export async function classifyStream(
  input: Readable,
  output: Writable,
  classifier: Classifier,
): Promise<StreamSummary> {
  const summary: StreamSummary = { lines: 0, invalid: 0, failed: 0 };
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let broken: Error | null = null;
  const onError = (e: Error) => {
    broken = e;
    rl.close();
  };
  output.on('error', onError);
  try {
    let lineNo = 0;
    for await (const text of rl) {
      lineNo += 1;
      if (broken) break;
      if (text.trim() === '') continue;
      const { out, failed } = classifyLine(text, lineNo, classifier);
      summary.lines += 1;
      if (isErrorLine(out)) summary.invalid += 1;
      if (failed) summary.failed += 1;
      // A reader that went away (EPIPE) rejects the wait; the loop then stops on `broken`.
      if (!output.write(`${JSON.stringify(out)}\n`)) await once(output, 'drain').catch(() => undefined);
    }
  } finally {
    output.off('error', onError);
    if (broken) input.destroy();
  }
  if (broken !== null && (broken as NodeJS.ErrnoException).code !== 'EPIPE') throw broken;
  return summary;
}

export interface ClassifyDeps {
  /** Defaults to governance/classify.ts `createClassifier`. */
  createClassifier?: ClassifierFactory;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
}

export function classifyCommand(deps: ClassifyDeps = {}): Command {
  return new Command('classify')
    .description(
      'decide a batch of actions: JSON Lines of cases in (stdin or --input), one decision per line out, ' +
        'in order. Publishes nothing and touches no database. Exit 2 when a line was invalid.',
    )
    .option('--policy <file>', 'policy file to decide with (default: policy/default.yaml)')
    .option('--input <file>', 'read cases from this file instead of standard input')
    .action(async (opts: { policy?: string; input?: string }, cmd: Command) => {
      const stderr = deps.stderr ?? process.stderr;
      let classifier: Classifier;
      try {
        classifier = buildClassifier(opts.policy, deps.createClassifier);
      } catch (e) {
        if (isAirlockError(e)) cmd.error(e.message, { exitCode: 1, code: `airlock.${e.code}` });
        throw e;
      }
      let input: Readable = deps.stdin ?? process.stdin;
      if (opts.input !== undefined) {
        const file = createReadStream(opts.input);
        await once(file, 'open').catch((e: NodeJS.ErrnoException) =>
          cmd.error(`cannot read --input ${opts.input} (${e.code ?? e.message})`, { exitCode: 1 }),
        );
        input = file;
      }
      const summary = await classifyStream(input, deps.stdout ?? process.stdout, classifier);
      if (summary.failed > 0) {
        stderr.write(
          `airlock classify: the classifier failed on ${summary.failed} line(s); they were held\n`,
        );
      }
      if (summary.invalid > 0) {
        stderr.write(`airlock classify: ${summary.invalid} of ${summary.lines} line(s) were invalid\n`);
        process.exitCode = 2;
      } else if (summary.failed > 0) process.exitCode = 1;
    });
}
