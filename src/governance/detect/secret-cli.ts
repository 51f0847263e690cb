// Credentials on command lines, as CI configs and runbooks write them: `curl -u user:pass`,
// `docker login -p …`, `sshpass -p …`, `mysql -pSecret`, and Oracle's `user/password@host` JDBC
// form (gitleaks: curl-auth-user; the others follow the tools' own flags). Each tool name is a
// keyword; its handler reads only the rest of that line.
import { looksLikeCredential } from './secret-generic.ts';
import { finding, type KeywordHandler, type ScanContext } from './scan.ts';

const USER_FLAG = /\s(?:-u|--user)(?:\s+|=)(["']?)([^\s:"'$]{1,64}):([^\s"']{3,128})\1/;
const PASS_FLAG = /\s(?:-p|--password)(?:\s+|=)(["']?)([^\s"']{4,128})\1(?=\s|$)/;
/** mysql and friends take the password glued to `-p` (a space after `-p` means "prompt"). */
const GLUED = /\s-p(["']?)([^\s"'-][^\s"']{3,127})\1(?=\s|$)/;
const ORACLE = /jdbc:oracle:thin:([^\s/@:"']{1,64})\/([^\s@"']{3,128})@/y;

const SEEN = 'secret.cli.seenUntil';

function lineAfter(text: string, at: number): string {
  const nl = text.indexOf('\n', at);
  const end = nl === -1 ? Math.min(text.length, at + 400) : Math.min(nl, at + 400);
  return text.slice(at, end);
}

function report(ctx: ScanContext, tool: string, start: number, value: string): void {
  if (!looksLikeCredential(value, 'password')) return;
  ctx.add(
    finding(
      'secret.password',
      'secret',
      'high',
      `password on a ${tool} command line (${value.length} chars)`,
      start,
      start + value.length,
    ),
  );
}

function flagHandler(re: RegExp, group: number): KeywordHandler {
  return (ctx, at, end) => {
    // One look per line: later tool names inside the part already read add nothing (and keep
    // `curl -u … curl -u …` linear).
    if (at < ((ctx.state.get(SEEN) as number | undefined) ?? -1)) return;
    const line = lineAfter(ctx.text, end);
    ctx.state.set(SEEN, end + line.length);
    const m = re.exec(line);
    const value = m?.[group];
    if (!m || !value) return;
    const start = end + m.index + m[0].lastIndexOf(value);
    report(ctx, ctx.text.slice(at, end), start, value);
  };
}

const userFlag = flagHandler(USER_FLAG, 3);
const passFlag = flagHandler(PASS_FLAG, 2);
const glued = flagHandler(GLUED, 2);

const oracle: KeywordHandler = (ctx, at) => {
  ORACLE.lastIndex = at;
  const m = ORACLE.exec(ctx.text);
  const pw = m?.[2];
  if (!m || !pw) return;
  report(ctx, 'JDBC', at + m[0].length - 1 - pw.length, pw);
};

export const CLI_KEYWORDS: Record<string, KeywordHandler> = {
  curl: userFlag,
  wget: userFlag,
  docker: passFlag,
  podman: passFlag,
  helm: passFlag,
  sshpass: passFlag,
  'oras login': passFlag,
  mysql: glued,
  mysqldump: glued,
  mysqladmin: glued,
  'jdbc:oracle:thin:': oracle,
};
