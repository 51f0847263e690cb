// Verbs and markers the scope rules name. The intent classifier (intent.ts) decides between labels;
// these lists are the evidence a label needs and the words a reason message quotes, so every grant
// can be traced to a verb the human actually wrote.
import Porter from 'natural/lib/natural/stemmers/porter_stemmer.js';

export type Intent = 'report' | 'respond' | 'change' | 'none';

/** Operation families for config changes: a request's verb and a change's `operation` must share one. */
export type OpFamily = 'grant' | 'revoke' | 'create' | 'delete' | 'archive' | 'update' | 'publish';

const stemmed = new Map<string, string>();

/** Porter stem, memoized: the vocabulary of requests is small and the stemmer is the hot path. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  let s = stemmed.get(w);
  if (s === undefined) {
    s = Porter.stem(w);
    if (stemmed.size > 50_000) stemmed.clear();
    stemmed.set(w, s);
  }
  return s;
}

const stems = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean).map(stem));

/** Verbs that ask for an answer back to the requester and nothing else. */
export const REPORT_VERBS = stems(`analyze analyse look summarize summarise explain review check investigate
  research think brief draft evaluate assess skim read figure dig glance interpret find compare outline
  suggest recommend collect gather understand diagnose audit study translate estimate list identify
  propose consider fill help return prepare compile verify see walk break highlight clarify triage
  search count examine inspect scan digest recap rate judge tally advise debug proofread critique report what
  why how who when where which whether opinion`);

/** Verbs that ask the agent to say something to someone. */
export const RESPOND_VERBS = stems(`reply answer respond post tell let notify inform message dm ping share
  announce send email mail write publish broadcast forward cc alert warn remind thank welcome
  congratulate greet comment contact reach say mention tag text chat escalate crosspost repost
  announcement pm drop put follow update ask topic nudge chase poke`);

/** Verbs that ask the agent to change a system. */
export const CHANGE_VERBS = stems(`invite add remove grant give share delete update set rename archive
  create revoke enable disable turn restrict open close make assign promote demote ban kick unban mute
  move change configure install uninstall upgrade downgrade raise lower increase decrease extend reset
  rotate lock unlock approve merge deploy restart purge wipe drop transfer allow block whitelist pin
  unpin provision deprovision suspend deactivate activate reactivate rollback revert edit modify apply
  attach detach cancel unshare limit tighten adjust switch toggle mark destroy erase clear start spin
  require enforce scale resize bump expand shrink reduce convert`);

/** Lead verbs whose label depends on the rest of the clause; the classifier decides those. */
export const AMBIGUOUS_VERBS = stems(`share give send make open get use update put drop let help write
  set start add clear follow return tell bring loop comment ask`);

/** Report verbs that become a respond when aimed at someone else ("explain to Tomasz in #infra"). */
export const COMMUNICATIVE_VERBS = stems(`explain summarize summarise brief suggest recommend outline report
  describe clarify recap fill walk propose present advise show`);

const FAMILY_WORDS: Record<OpFamily, string> = {
  grant: `add invite grant give share assign allow include promote provision subscribe whitelist authorize
    enroll onboard join permit let`,
  revoke: `remove revoke kick ban unshare demote deprovision suspend deactivate block offboard unsubscribe
    expel disallow deny`,
  create: `create make open start setup new spin build`,
  delete: `delete drop destroy purge wipe erase rm nuke trash truncate`,
  archive: `archive close retire`,
  publish: `publish republish golive`,
  update: `set update change configure restrict enable disable turn rename edit modify raise lower
    increase decrease extend reset rotate lock unlock move apply pin unpin limit tighten loosen adjust
    switch toggle mark upgrade downgrade protect unprotect require rollback revert enforce scale resize bump
    expand shrink reduce convert`,
};

const FAMILY_BY_STEM = new Map<string, OpFamily>();
for (const [family, words] of Object.entries(FAMILY_WORDS) as [OpFamily, string][]) {
  for (const s of stems(words)) if (!FAMILY_BY_STEM.has(s)) FAMILY_BY_STEM.set(s, family);
}

export const opFamilyOf = (word: string): OpFamily | undefined => FAMILY_BY_STEM.get(stem(word));

/** Verbs that name more than one operation ("make it public" updates, "make a channel" creates). */
const MULTI: Readonly<Record<string, ReadonlyArray<OpFamily>>> = {
  open: ['grant', 'create', 'update'],
  make: ['create', 'update', 'grant'],
  set: ['update', 'create'],
  give: ['grant', 'update'],
  promote: ['grant', 'update'],
  demote: ['revoke', 'update'],
  close: ['archive', 'update', 'revoke'],
  clear: ['delete', 'update'],
};

export const opFamiliesOf = (word: string): ReadonlyArray<OpFamily> => {
  const w = word.toLowerCase();
  const f = opFamilyOf(w);
  return MULTI[w] ?? (f ? [f] : []);
};

/** Words in an operation name that make an `update_*` change an access change. */
export const ACCESS_WORDS = stems(
  'acl permission permissions role roles access member members sharing share level trust tier group policy',
);

/** Politeness and modal openers stripped before looking for the lead verb. */
export const OPENERS: ReadonlyArray<RegExp> = [
  /^(?:hey|hi|hello|yo|ok|okay|so|and|but|also|then|now|next|finally|first|second|third|lastly)\b[\s,]*/i,
  /^(?:please|pls|plz|pl[sz]|kindly|quickly|just|only|simply|maybe|perhaps)\b[\s,]*/i,
  // "go answer Yusuf", "come and help": the second verb is the request.
  /^(?:go|come)\s+(?:and\s+|ahead\s+and\s+)?(?=[a-z]+\b)(?!ahead\b|through\b|over\b|back\b|with\b|to\b|for\b)/i,
  /^(?:can|could|would|will|won't|wouldn't)\s+(?:you|u)\s+(?:please\s+)?/i,
  /^(?:you\s+(?:can|could|should|may|might)|go\s+ahead\s+and|feel\s+free\s+to|be\s+sure\s+to|make\s+sure\s+(?:to|you))\s+/i,
  /^(?:i|we)\s*(?:'d|would)?\s*(?:need|want|like|ask|asked)\s+(?:you|u)\s+to\s+/i,
  /^(?:i'd|we'd)\s+like\s+(?:you|u)\s+to\s+/i,
  /^(?:your\s+task\s+is\s+to|the\s+task\s+is\s+to|task|todo|to-do)\b[\s:,-]*/i,
];

/** A clause that opens with one of these is negated: its verb is a prohibition, not a grant. */
export const NEGATORS =
  /^(?:(?:please\s+)?(?:do\s+not|don't|dont|do\s+n't|never|no\s+need\s+to|not|avoid|stop|refrain\s+from|hold\s+off\s+(?:on)?|without|no)\b|(?:i|we)\s+(?:don't|do\s+not|dont)\s+(?:want|need)\s+(?:you\s+)?to\b|you\s+(?:shouldn't|should\s+not|mustn't|must\s+not|can't|cannot|may\s+not)\b)\s*/i;

/** Phrases that keep the answer with the requester: they add no grant, only color the reason. */
export const PRIVATE_MARKERS =
  /\b(?:for\s+my\s+eyes\s+only|eyes\s+only|between\s+(?:us|you\s+and\s+me)|keep\s+it\s+(?:private|quiet|to\s+yourself|between)|just\s+(?:tell|send|show|give)\s+me|only\s+(?:tell|send|show)\s+me|just\s+(?:for\s+)?me|(?:only|just)\s+to\s+me|off\s+the\s+record|confidential(?:ly)?|not\s+(?:for\s+)?public)\b/i;

/** Broadcast tokens by breadth: asking for a broader one allows a narrower one. */
export const BROADCAST_RANK: Readonly<Record<string, number>> = { here: 1, channel: 2, everyone: 3 };

/** Phrases that ask for everyone to be reached (an explicit, generic broadcast request). */
export const BROADCAST_PHRASES =
  /\b(?:(?:to|tell|notify|ping|alert|let|inform|warn|remind|tag|mention|cc|for)\s+(?:everyone|everybody|all)\b|(?:everyone|everybody)\s+(?:in\s+#|know|needs?\s+to|should|must|on\s+the|at\s+the)|all\s+hands|whole\s+(?:company|office|team|org|organization|channel|server|group|department|floor|community)|entire\s+(?:company|office|team|org|organization|channel|server|community)|all\s+(?:staff|employees|members|users)\b|(?:tag|mention|ping|notify)\s+(?:them\s+all|each))/i;

/** Places a page is published: "publish this on our site", "put the FAQ live on the docs site". */
export const SITE_WORDS =
  /^(?:site|website|web|blog|docs|doc|documentation|homepage|landing|cms|wiki|help-?center|kb|knowledge-?base|portal|page|pages)$/;

/** Verbs that put content on a site when the clause names one. */
export const PUBLISH_VERBS = new Set([
  'publish',
  'push',
  'put',
  'post',
  'ship',
  'upload',
  'release',
  'deploy',
]);

/** Words that describe a person instead of naming one. */
export const DESCRIBED_PERSON =
  /\b(?:whoever|whomever|anyone\s+who|everyone\s+who|the\s+(?:person|user|guy|woman|man|one|folks?|people|customer|colleague|engineer|member|requester|reporter|poster|author|asker|new\s+hire|newcomer)\s+(?:who|that|whose|from|in|on|asking|behind))\b/i;

/** Words that describe a channel instead of naming one ("the channel with the most members"). */
export const DESCRIBED_CHANNEL =
  /\b(?:the|their|his|her|our|your|whichever|whatever|which|that)\s+((?:[\w-]+\s+){0,4}?)(channel|room|forum|category|group\s+chat|space)\b(\s+(?:with|that|where|which|has|have|having)\s+[^,.;]*)?/i;

export const SUPERLATIVE_MOST = /\b(?:most|biggest|largest|busiest|most\s+active|highest|widest)\b/i;
export const SUPERLATIVE_LEAST = /\b(?:least|fewest|smallest|quietest|lowest|tiniest)\b/i;

/** Words that never start a statement addressed to the agent: pronouns and names as subjects. */
export const SUBJECT_PRONOUNS = new Set([
  'i',
  'we',
  'he',
  'she',
  'they',
  'it',
  'this',
  'that',
  'there',
  'someone',
]);

/** Words that look capitalized but are not people (start of clause, product names, days). */
export const NOT_NAMES = new Set(
  `i i'm i'll i'd im the a an and or but if so we you he she they it this that there here what why how who when
  where which can could would will should please thanks thank hi hey hello yes no ok okay sure also then
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december slack discord forum mcp github gitlab jira confluence google
  aws gcp azure okta grafana api ci cd db sso vpn pr qa hr it ops sre prod staging dev ml ai faq q1 q2 q3
  q4 eod eow asap fyi tl dr tldr ui ux url csv pdf sla nda p1 p2 p3 utc est pst cet in on at for from with to by
  over after before`.split(/\s+/),
);

/** Privilege words by level, to tell when a change grants more than the request named. */
export const LEVEL_WORDS: ReadonlyArray<[RegExp, number]> = [
  [
    /\b(?:owner|owners|admin|admins|administrator|superuser|root|full|co-?owner|superadmin|org[-_\s]?admin)\b/i,
    5,
  ],
  [/\b(?:manage|manager|maintainer|organizer|moderator|mod|mods|moderators|staff|maintain)\b/i, 4],
  [/\b(?:edit|editor|write|writer|member|contributor|content\s+manager|developer|push)\b/i, 3],
  [/\b(?:comment|commenter|reviewer|triage)\b/i, 2],
  [/\b(?:view|viewer|read|reader|read-only|readonly|guest|single[-_\s]channel)\b/i, 1],
];

export function levelOf(text: string): number | null {
  for (const [re, level] of LEVEL_WORDS) if (re.test(text)) return level;
  return null;
}

/** Values that reach everyone: a change that targets one of them is broad. */
export const WILDCARD =
  /^(?:\*|all|any|anyone|anybody|everyone|everybody|public|world|internet|org|organization|organisation|company|workspace|domain|tenant|all[-_ ].*|.*[-_ ]all|everyone@.*|all-?staff@?.*|0\.0\.0\.0\/0|::\/0|system:authenticated|authenticated|allusers|allauthenticatedusers|anyone\s?with\s?the\s?link)$/i;

/** Setting keys that guard something; turning one off weakens security. */
export const SECURITY_KEY =
  /protect|encrypt|mfa|2fa|two[-_]?factor|auth|ssl|tls|verif|review|approv|lock|audit|firewall|secur|signing|scan|password/i;

export const OFF_VALUE = /^(?:off|false|no|none|disabled?|0)$/i;

/** Settings where turning the thing on is what weakens security (password logins, anonymous access). */
export const WEAKENING_WHEN_ON =
  /password[-_]?auth|anonymous|public|guest[-_]?access|allow[-_]?all|insecure|skip[-_]?verif/i;
