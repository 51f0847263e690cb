// Broad or irreversible damage: recursive deletes of root-ish paths, dropping/truncating tables,
// unfiltered DELETEs, force-pushing main, terraform destroy, deleting namespaces or everything,
// formatting or overwriting disks, fork bombs, deleting whole buckets/projects. Look-alikes that
// are routine (rm -rf node_modules, --force-with-lease on a feature branch, "drop" in prose) pass.
import {
  addKeyword,
  charSet,
  type Family,
  finding,
  inSet,
  type KeywordHandler,
  type ScanContext,
  stickyAt,
} from './scan.ts';

const NAME_CHAR = charSet('A-Za-z0-9_:');

const CODE = 'destructive.command';

function add(
  ctx: ScanContext,
  code: string,
  message: string,
  start: number,
  end: number,
  value?: string,
): void {
  ctx.add(
    finding(code, 'destructive', 'high', message, start, end, value === undefined ? undefined : { value }),
  );
}

/** Paths whose recursive removal destroys a system or a home directory. */
const ROOTISH =
  /^["']?(?:\/|\/\*|~|~\/|~\/\*|\$HOME\/?\*?|\$\{HOME\}\/?\*?|\/(?:bin|boot|dev|etc|home|lib|lib64|opt|proc|root|sbin|srv|sys|usr|var)\/?\*?|[A-Za-z]:\\?\*?)["']?$/;
/** Everything under a system or database directory (`/var/lib/postgresql/16/main/base/*`). */
const SYSTEM_WILDCARD =
  /^["']?\/(?:bin|boot|dev|etc|home|lib|lib64|opt|root|sbin|srv|usr|var|data|mnt)\/\S*\*["']?$|^["']?\/var\/lib\/(?:postgresql|mysql|mongodb|redis|docker|etcd|elasticsearch)\b/;
/** Relative wildcards: only destructive right after `cd /` or `cd ~`. */
const RELATIVE = /^["']?(?:\*|\.\/?\*|\.\*|\.|\.\.)["']?$/;
const CD_ROOT = /\bcd\s{1,4}(?:\/|~\/?|\$HOME\/?)\s{0,4}(?:&&|;|\n)\s{0,4}(?:sudo\s{1,4})?$/;
const RM = /rm\s{1,4}((?:--?[A-Za-z][\w-]{0,23}\s{1,4}){1,6})([^\n;&|]{1,512})/y;

const rm: KeywordHandler = (ctx, at) => {
  const text = ctx.text;
  // An `rm` inside the arguments of the previous one was already read: keeps `rm -rf rm -rf…` linear.
  if (at < ((ctx.state.get('destructive.rm') as number | undefined) ?? 0)) return;
  const m = stickyAt(RM, text, at);
  if (!m) return;
  ctx.state.set('destructive.rm', at + m[0].length);
  const flags = m[1] ?? '';
  if (!/(?:^|\s)-[a-zA-Z]*[rR]|--recursive/.test(flags)) return;
  const args = m[2] ?? '';
  const argsStart = at + m[0].length - args.length;
  const tokens = [...args.matchAll(/\S+/g)].slice(0, 12);
  let target = tokens.find((t) => ROOTISH.test(t[0]) || SYSTEM_WILDCARD.test(t[0]));
  if (!target && CD_ROOT.test(text.slice(Math.max(0, at - 60), at)))
    target = tokens.find((t) => RELATIVE.test(t[0]));
  const noRoot = flags.includes('--no-preserve-root');
  if (!target && !noRoot) return;
  // The span ends at the dangerous path (or the flags), not at the end of the command line.
  const end = target ? argsStart + (target.index ?? 0) + target[0].length : argsStart;
  const value = target?.[0] ?? '/';
  add(ctx, CODE, `recursive delete of ${value}`, at, end, value);
};

const IDENT = String.raw`[\w."${'`'}[\]-]{1,128}`;
const SQL_DROP = new RegExp(
  String.raw`drop\s{1,4}(table|database|schema|keyspace|collection)\s{1,4}(?:if\s{1,4}exists\s{1,4})?(${IDENT})`,
  'iy',
);
const TRUNCATE_TABLE = new RegExp(String.raw`truncate\s{1,4}table\s{1,4}(${IDENT})`, 'iy');
/** Upper-case only, so "truncate the string" in prose stays out. */
const TRUNCATE_BARE = new RegExp(String.raw`TRUNCATE\s{1,4}(${IDENT})\s{0,4};`, 'y');
const DELETE_FROM = new RegExp(String.raw`delete\s{1,4}from\s{1,4}(${IDENT})([^;]{0,400})`, 'iy');

const drop: KeywordHandler = (ctx, at) => {
  const m = stickyAt(SQL_DROP, ctx.text, at);
  if (!m) return;
  add(ctx, 'destructive.sql_drop', `DROP ${(m[1] ?? '').toUpperCase()} ${m[2]}`, at, at + m[0].length, m[2]);
};

const truncate: KeywordHandler = (ctx, at) => {
  const m = stickyAt(TRUNCATE_TABLE, ctx.text, at) ?? stickyAt(TRUNCATE_BARE, ctx.text, at);
  if (!m) return;
  add(ctx, 'destructive.sql_truncate', `TRUNCATE ${m[1]}`, at, at + m[0].length, m[1]);
};

const deleteFrom: KeywordHandler = (ctx, at) => {
  const m = stickyAt(DELETE_FROM, ctx.text, at);
  if (!m) return;
  const rest = m[2] ?? '';
  // The statement ends at ';' or a blank line; a WHERE that is always true is no filter.
  const stmt = rest.split(/\n\s*\n/)[0] ?? '';
  const where = /\bwhere\b\s*(.{0,20})/i.exec(stmt);
  if (where && !/^(?:1\s*=\s*1|true|'1'\s*=\s*'1')\b/i.test(where[1] ?? '')) return;
  const end = at + m[0].length - rest.length + stmt.trimEnd().length;
  add(ctx, 'destructive.sql_delete_all', `DELETE FROM ${m[1]} without a WHERE clause`, at, end, m[1]);
};

/** The push command only: it ends at a backtick, a separator or the end of the sentence. */
const GIT_PUSH = /git\s{1,4}push\b((?:[^\n;&|`.!?]|\.(?!\s|$)){0,120})/iy;
const PROTECTED = /(?:^|[\s:+/])(?:main|master|trunk|production|prod|release|develop)(?![\w/-])/;

const gitPush: KeywordHandler = (ctx, at) => {
  const m = stickyAt(GIT_PUSH, ctx.text, at);
  if (!m) return;
  const args = m[1] ?? '';
  const force = /(?:^|\s)(?:--force(?:-with-lease)?\b|-[a-zA-Z]*f[a-zA-Z]*\b)|\s\+[\w/-]+/.test(args);
  const deletes = /(?:^|\s)(?:--delete\s+|:)(?:main|master|trunk|production)\b/.test(args);
  const mirror = /--mirror\b/.test(args);
  if (!((force && (PROTECTED.test(args) || mirror)) || deletes)) return;
  add(
    ctx,
    'destructive.force_push',
    deletes ? 'deletes a protected branch' : 'force-pushes a protected branch',
    at,
    at + m[0].trimEnd().length,
  );
};

const SIMPLE: ReadonlyArray<[keywords: string[], re: RegExp, code: string, message: string]> = [
  [
    ['find'],
    /find\s{1,4}(?:\/|~|\$HOME)(?=\s)[^\n|;&]{0,160}?\s(?:-delete\b|-exec\s{1,4}rm\b)/iy,
    CODE,
    'deletes files across the whole filesystem or home directory',
  ],
  [
    ['iptables'],
    /iptables\s{1,4}(?:-t\s{1,4}\w{1,12}\s{1,4})?(?:-F|--flush|-X|-P\s{1,4}\w{1,12}\s{1,4}ACCEPT)\b/y,
    CODE,
    'drops all firewall rules',
  ],
  [
    ['terraform', 'pulumi', 'cdk', 'tofu'],
    /(?:terraform|tofu|pulumi|cdk)\s{1,4}(?:destroy\b|apply\s{1,4}(?:[^\n]{0,80}\s)?-destroy\b)/iy,
    CODE,
    'destroys all managed infrastructure',
  ],
  [
    ['kubectl', 'oc delete'],
    /(?:kubectl|oc)\s{1,4}delete\s{1,4}(?:(?:ns|namespaces?|nodes?|pv|crd)\b|[^\n;&|]{0,160}?\s(?:--all(?:-namespaces)?|-A)\b)/iy,
    CODE,
    'deletes Kubernetes namespaces or everything of a kind',
  ],
  [['mkfs'], /mkfs(?:\.\w{2,8})?\s{1,4}(?:-\S{1,20}\s{1,4}){0,4}\/dev\//iy, CODE, 'formats a disk'],
  [
    ['dd '],
    /dd\s[^\n]{0,200}?\bof=\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|vd[a-z]|disk\d|mmcblk\d|md\d|mapper\/)/iy,
    CODE,
    'overwrites a disk device',
  ],
  [['shred', 'wipefs'], /(?:shred|wipefs)\s[^\n]{0,80}?\/dev\//iy, CODE, 'wipes a disk device'],
  [['format'], /format\s{1,4}[a-z]:(?:\s|$)/iy, CODE, 'formats a drive'],
  [
    ['aws'],
    /aws\s{1,4}s3\s{1,4}(?:rb\s{1,4}s3:\/\/\S{1,255}\s{1,4}--force|rm\s{1,4}s3:\/\/[\w.-]{1,255}\/?\s{1,4}(?:[^\n]{0,60}\s)?--recursive)\b/iy,
    'destructive.cloud_delete',
    'deletes a whole S3 bucket',
  ],
  [
    ['aws'],
    /aws\s{1,4}(?:rds\s{1,4}delete-db-(?:instance|cluster)|dynamodb\s{1,4}delete-table|organizations\s{1,4}close-account|s3api\s{1,4}delete-bucket)\b/iy,
    'destructive.cloud_delete',
    'deletes a database, table or account',
  ],
  [
    ['gsutil'],
    /gsutil\s{1,4}(?:-m\s{1,4})?(?:rb|rm\s{1,4}-r\w{0,3}\s{1,4}gs:\/\/[\w.-]{1,255}\/?(?:\*\*?)?(?=\s|$))/iy,
    'destructive.cloud_delete',
    'deletes a whole GCS bucket',
  ],
  [
    ['gcloud'],
    /gcloud\s{1,4}(?:projects\s{1,4}delete|storage\s{1,4}(?:buckets\s{1,4}delete|rm\s{1,4}-r\s{1,4}gs:\/\/[\w.-]{1,255}\/?(?=\s|$))|sql\s{1,4}instances\s{1,4}delete|container\s{1,4}clusters\s{1,4}delete)\b/iy,
    'destructive.cloud_delete',
    'deletes a GCP project, bucket, database or cluster',
  ],
  [
    ['az group', 'az storage', 'az sql', 'az aks'],
    /az\s{1,4}(?:group|storage\s{1,4}account|sql\s{1,4}(?:db|server)|aks)\s{1,4}delete\b/iy,
    'destructive.cloud_delete',
    'deletes an Azure resource group or service',
  ],
  [['gh repo'], /gh\s{1,4}repo\s{1,4}delete\b/iy, 'destructive.cloud_delete', 'deletes a GitHub repository'],
  [['heroku'], /heroku\s{1,4}apps:destroy\b/iy, 'destructive.cloud_delete', 'destroys a Heroku app'],
  [['flushall', 'flushdb'], /flush(?:all|db)\b/iy, CODE, 'empties a Redis database'],
  [
    ['dropdatabase', 'dropdb'],
    /drop(?:database\s{0,2}\(|db\s)/iy,
    'destructive.sql_drop',
    'drops a database',
  ],
  [
    ['deletemany'],
    /deletemany\s{0,2}\(\s{0,2}\{\s{0,2}\}\s{0,2}\)/iy,
    'destructive.sql_delete_all',
    'deletes every document',
  ],
  [
    ['rd /s', 'rmdir', 'del /', 'remove-item'],
    /(?:rd|rmdir)\s{1,4}\/s\s{1,4}(?:\/q\s{1,4})?[a-z]:\\?(?:\s|$)|del\s{1,4}(?:\/[fsq]\s{1,4}){1,3}[a-z]:\\\*?|remove-item\s[^\n]{0,60}-recurse[^\n]{0,40}\s[a-z]:\\?(?:\s|$)/iy,
    CODE,
    'recursively deletes a whole drive',
  ],
];

function simpleHandler(re: RegExp, code: string, message: string): KeywordHandler {
  return (ctx, at) => {
    const m = stickyAt(re, ctx.text, at);
    if (m) add(ctx, code, message, at, at + m[0].trimEnd().length);
  };
}

/** "delete the namespace, then redeploy": the deletion said in words rather than as a command. */
const PROSE_DELETE =
  /(?:delete|drop|remove|wipe|destroy|purge|nuke|erase)\s{1,3}(?:the\s{1,3}|this\s{1,3}|that\s{1,3}|your\s{1,3}|all\s{1,3}(?:the\s{1,3})?|every\s{1,3})?(?:prod(?:uction)?\s{1,3})?(?:namespaces?|clusters?|databases?|prod(?:uction)?\s{1,3}(?:db|data|database|tables?)|tables|buckets|backups|volumes|repos|repositories|projects|accounts|workspace|tenant|environment|everything)\b/iy;

const proseDelete: KeywordHandler = (ctx, at) => {
  const text = ctx.text;
  if (stickyAt(SQL_DROP, text, at) || stickyAt(DELETE_FROM, text, at)) return; // the SQL rules say it better
  const m = stickyAt(PROSE_DELETE, text, at);
  if (m)
    add(
      ctx,
      CODE,
      'tells someone to delete a whole namespace, database, cluster or similar',
      at,
      at + m[0].length,
    );
};

const HTTP_DELETE =
  /(?:curl\s[^\n]{0,80}?-X\s{0,2}DELETE\s[^\n]{0,40}?|DELETE\s{1,4})(?:https?:\/\/\S{1,200}?)?\/(?:v\d\/)?(?:buckets|projects|repos|databases|namespaces|organizations|orgs|clusters|accounts)\/[\w.-]{1,128}\/?(?=[\s"']|$)/y;

const BOMB = /([\w:]{1,20})\(\)\s{0,5}\{\s{0,5}\1\s{0,5}\|\s{0,5}\1\s{0,5}&\s{0,5}\}\s{0,5};\s{0,5}\1/y;

/** Fork bombs and `DELETE /projects/x`: anchored on `()` and `DELETE` with indexOf. */
function scan(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('()'); i !== -1; i = text.indexOf('()', i + 2)) {
    let s = i;
    while (s > 0 && i - s < 20 && inSet(NAME_CHAR, text.charCodeAt(s - 1))) s--;
    if (s === i) continue;
    const m = stickyAt(BOMB, text, s);
    if (m) add(ctx, CODE, 'fork bomb', s, s + m[0].length);
  }
  let slash = -2; // next '/', memoised: an HTTP DELETE needs a path
  for (let i = text.indexOf('DELETE'); i !== -1; i = text.indexOf('DELETE', i + 6)) {
    if (slash !== -1 && slash < i) slash = text.indexOf('/', i);
    if (slash === -1) break;
    if (slash - i > 300) continue;
    const window = text.slice(Math.max(0, i - 120), i);
    const curl = window.lastIndexOf('curl');
    const s = curl !== -1 && !window.slice(curl).includes('\n') ? i - window.length + curl : i;
    const m = stickyAt(HTTP_DELETE, text, s);
    if (m)
      add(
        ctx,
        'destructive.cloud_delete',
        'HTTP DELETE of a whole project/bucket/repository',
        s,
        s + m[0].length,
      );
  }
}

// Keywords are at least three characters: two-letter commands carry their trailing space.
const keywords: Record<string, KeywordHandler> = {
  'rm ': rm,
  drop,
  truncate,
  delete: deleteFrom,
  // Phrase keyword: "git" alone is in every README.
  'git push': gitPush,
};
for (const w of ['delete', 'drop', 'remove', 'wipe', 'destroy', 'purge', 'nuke', 'erase'])
  addKeyword(keywords, w, proseDelete);
for (const [words, re, code, message] of SIMPLE) {
  const h = simpleHandler(re, code, message);
  for (const w of words) {
    addKeyword(keywords, w, h);
  }
}

export const destructiveFamily: Family = { category: 'destructive', keywords, scan };
