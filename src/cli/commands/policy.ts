// `airlock policy check FILE`: validates a policy file and prints each problem as file:line:col.
import { Command } from 'commander';
import { isAirlockError } from '../../governance/errors.ts';
import { checkPolicy, formatIssue, type PolicyCheck } from '../../governance/policy/index.ts';
import { readPolicyText } from '../../policy-file.ts';

export interface PolicyDeps {
  stdout?: NodeJS.WritableStream;
}

function checkCommand(deps: PolicyDeps): Command {
  return new Command('check')
    .description('check a policy file; prints ok, or each problem as file:line:col: path: message (exit 1)')
    .argument('<file>', 'the policy YAML file')
    .option('--json', 'print {"ok": true} or {"ok": false, "errors": [{file, line, column, path, message}]}')
    .action((file: string, opts: { json?: boolean }, cmd: Command) => {
      const stdout = deps.stdout ?? process.stdout;
      let result: PolicyCheck;
      try {
        result = checkPolicy(readPolicyText(file), file);
      } catch (e) {
        if (!isAirlockError(e)) throw e;
        if (opts.json) {
          const errors = [{ file, line: 0, column: 0, path: '', message: e.message }];
          stdout.write(`${JSON.stringify({ ok: false, errors })}\n`);
          process.exitCode = 1;
          return;
        }
        cmd.error(e.message, { exitCode: 1, code: `airlock.${e.code}` });
      }
      if (opts.json) {
        const body = result.ok
          ? { ok: true }
          : { ok: false, errors: result.errors.map((e) => ({ file, ...e })) };
        stdout.write(`${JSON.stringify(body)}\n`);
      } else if (result.ok) {
        stdout.write('ok\n');
      } else {
        for (const issue of result.errors) stdout.write(`${formatIssue(file, issue)}\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}

export function policyCommand(deps: PolicyDeps = {}): Command {
  return new Command('policy').description('work with policy files').addCommand(checkCommand(deps));
}
