// Building blocks for generated classify corpora: a seeded random source, invented workspaces
// (people, channels with member counts, ids per platform), the ways a human writes a target
// (#name, Slack and Discord markup, plain names) and the case line itself (contract input plus
// `expected`). Everything is deterministic for a given seed; every name here is made up.

export type Decision = 'publish' | 'stop';

export interface Expected {
  decision: Decision;
  categories: string[];
  slice: string;
  source: string;
  family: string;
}

export interface Person {
  id: string;
  name: string;
}

export interface Channel {
  id: string;
  name: string;
  members: number;
  private: boolean;
  external: boolean;
}

export type Platform = 'slack' | 'discord' | 'forum' | 'mcp';

export interface World {
  platform: Platform;
  requester: Person;
  agent: Person;
  people: Person[];
  channels: Channel[];
  origin: { channel: string; thread: string | null };
}

export interface Action {
  kind: 'post' | 'reply' | 'dm' | 'config_change';
  channel?: string;
  thread?: string;
  recipient?: string;
  text: string;
  change?: {
    system: string;
    operation: string;
    target?: string;
    subject?: string;
    details?: Record<string, unknown>;
  };
}

export interface CaseLine {
  id: string;
  request: {
    text: string;
    requester: Person;
    platform: string;
    origin: { channel: string; thread: string | null };
  } | null;
  agent: Person;
  action: Action;
  context: { channels: Channel[]; users: Person[] };
  expected: Expected;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: ReadonlyArray<T>): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(xs: ReadonlyArray<T>): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  /** `n` distinct items. */
  sample<T>(xs: ReadonlyArray<T>, n: number): T[] {
    return this.shuffle(xs).slice(0, n);
  }
}

export const FIRST_NAMES =
  `Dora Nadia Omar Priyanka Kenji Lucia Mateo Sven Zainab Tariq Yuna Bjorn Ifeoma Hana
  Rafael Greta Wen Noor Emil Alice Tobias Marisol Anders Leilani Casimir Odile Rohan Fatou Ingrid Joaquin
  Keiko Lorcan Mirela Nnamdi Pilar Quentin Saoirse Teodor Ulla Viktor Wanjiru Xiomara Yusuf Zofia Benedek
  Corentin Dagny Elif Faisal Gulnara Hamish`
    .split(/\s+/)
    .filter(Boolean);

/** Channel names by theme; a theme word lets a request describe the channel ("the vendor channel"). */
export const CHANNEL_NAMES =
  `infra-help design-crit sales-emea office-social vendor-ops launch-war-room data-eng
  support-tier2 mobile-release lunch-club finance-close security-questions platform-news qa-nightly
  hiring-panel customer-success warehouse-floor marketing-ideas legal-review parking-lot
  onboarding-buddies release-train partner-bridge incident-review docs-team ml-platform hardware-lab
  travel-desk wellness events-berlin`
    .split(/\s+/)
    .filter(Boolean);

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function slackId(rng: Rng, prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 9; i++) s += rng.pick(UPPER.split(''));
  return s;
}

function snowflake(rng: Rng): string {
  let s = String(rng.int(1, 9));
  for (let i = 0; i < 17; i++) s += String(rng.int(0, 9));
  return s;
}

export function slackTs(rng: Rng): string {
  return `17${rng.int(10000000, 99999999)}.${String(rng.int(100, 999999)).padStart(6, '0')}`;
}

/** A thread id in the platform's own form: a Slack ts, a Discord snowflake, a forum topic number. */
export function threadId(rng: Rng, platform: Platform): string {
  if (platform === 'discord') return snowflake(rng);
  if (platform === 'forum') return String(rng.int(1000, 99999));
  return slackTs(rng);
}

export interface WorldOptions {
  platform?: Platform;
  channels?: number;
  people?: number;
  /** The requester speaks in a channel (thread given) rather than in a DM with the agent. */
  inChannel?: boolean;
}

export function makeWorld(rng: Rng, opts: WorldOptions = {}): World {
  const platform = opts.platform ?? 'slack';
  const names = rng.sample(FIRST_NAMES, (opts.people ?? 5) + 1);
  const uid = (): string => (platform === 'discord' ? snowflake(rng) : slackId(rng, 'U0'));
  const cid = (): string =>
    platform === 'discord'
      ? snowflake(rng)
      : platform === 'forum'
        ? `cat-${rng.int(10, 999)}`
        : slackId(rng, 'C0');
  const people = names.map((name) => ({ id: uid(), name }));
  const counts = rng.shuffle([3, 9, 14, 27, 41, 58, 86, 130, 212, 340, 515, 780, 1240, 2210]);
  const channels = rng.sample(CHANNEL_NAMES, opts.channels ?? 5).map((name, i) => ({
    id: cid(),
    name,
    members: counts[i] ?? 20,
    private: false,
    external: false,
  }));
  const requester = people[0]!;
  const agentName = rng.pick(['helper-bot', 'relay', 'scribe', 'opspal', 'deskmate', 'patchy']);
  const agent = { id: platform === 'discord' ? snowflake(rng) : slackId(rng, 'B0'), name: agentName };
  const origin = opts.inChannel
    ? { channel: channels[0]!.id, thread: threadId(rng, platform) }
    : { channel: platform === 'discord' ? snowflake(rng) : slackId(rng, 'D0'), thread: null };
  return { platform, requester, agent, people: people.slice(1), channels, origin };
}

/** How a request writes a channel on this platform. */
export function writeChannel(rng: Rng, w: World, c: Channel): string {
  if (w.platform === 'slack')
    return rng.pick([`#${c.name}`, `#${c.name}`, `<#${c.id}|${c.name}>`, `<#${c.id}>`, `#${c.name}`]);
  if (w.platform === 'discord') return rng.pick([`#${c.name}`, `<#${c.id}>`]);
  return rng.pick([`the ${titleCase(c.name)} category`, `"${titleCase(c.name)}"`]);
}

/** How a request writes a person. */
export function writePerson(rng: Rng, w: World, p: Person): string {
  if (w.platform === 'slack') return rng.pick([p.name, p.name, `<@${p.id}>`, `@${p.name.toLowerCase()}`]);
  if (w.platform === 'discord') return rng.pick([p.name, `<@${p.id}>`, `<@!${p.id}>`]);
  return p.name;
}

/** How an action names its channel or recipient: by id or by name. */
export const ref = (rng: Rng, x: { id: string; name: string }): string => (rng.chance(0.5) ? x.id : x.name);

export const titleCase = (s: string): string =>
  s
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(' ');

/** One transposition inside a longer lowercase word, the commonest typo. Placeholders stay intact. */
export function typo(rng: Rng, text: string): string {
  const words = [...text.matchAll(/(?<![{#@<|\w])[a-z]{6,}(?![}\w])/g)];
  if (!words.length) return text;
  const m = rng.pick(words);
  const w = m[0];
  const i = rng.int(1, w.length - 3);
  const swapped = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return text.slice(0, m.index) + swapped + text.slice(m.index + w.length);
}

/** Fill `{key}` placeholders. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`no value for {${k}} in "${template}"`);
    return v;
  });
}

export function contextOf(w: World): CaseLine['context'] {
  return { channels: w.channels, users: [w.requester, ...w.people] };
}
