// Names and ids through `context`: every way an action's target can be written (id, name, #name,
// <#C1|name>) becomes one set of lowercased keys, compared with what the request wrote.
import type { ChannelFacts, Context, PersonRef } from '../model.ts';
import type { Description, Mention } from './types.ts';

interface Index {
  channels: Map<string, ChannelFacts>;
  users: Map<string, PersonRef>;
}

const indexes = new WeakMap<Context, Index>();
const EMPTY: Index = { channels: new Map(), users: new Map() };

/** Built once per context object; an action's lookups are then O(1). */
function indexOf(ctx: Context | undefined): Index {
  if (!ctx) return EMPTY;
  const hit = indexes.get(ctx);
  if (hit) return hit;
  const channels = new Map<string, ChannelFacts>();
  for (const c of ctx.channels ?? []) {
    channels.set(c.id.toLowerCase(), c);
    if (c.name && !channels.has(c.name.toLowerCase())) channels.set(c.name.toLowerCase(), c);
  }
  const users = new Map<string, PersonRef>();
  for (const u of ctx.users ?? []) {
    users.set(u.id.toLowerCase(), u);
    if (u.name && !users.has(u.name.toLowerCase())) users.set(u.name.toLowerCase(), u);
  }
  const idx = { channels, users };
  indexes.set(ctx, idx);
  return idx;
}

export const clean = (s: string): string =>
  s
    .trim()
    .replace(/^<[#@][!&]?([^|>]+)(?:\|[^>]*)?>$/, '$1')
    .replace(/^[#@]/, '')
    .toLowerCase();

/** A display name as a channel slug: "Lunch Club" → "lunch-club". */
const slug = (s: string): string => clean(s).replace(/[\s_]+/g, '-');

/** Does a descriptive word name this channel: a part of its name, or the start of one (≥ 4 letters)? */
const nameHas = (c: ChannelFacts, w: string): boolean =>
  (c.name ?? c.id)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some(
      (part) =>
        part === w || (w.length >= 4 && part.startsWith(w)) || (part.length >= 4 && w.startsWith(part)),
    );

export class Resolver {
  private readonly idx: Index;
  constructor(readonly context: Context | undefined) {
    this.idx = indexOf(context);
  }

  channel(value: string): ChannelFacts | undefined {
    return this.idx.channels.get(clean(value));
  }

  user(value: string): PersonRef | undefined {
    return this.idx.users.get(clean(value));
  }

  /** Every key the channel is known by: as written, its id and its name. */
  channelKeys(value: string): Set<string> {
    const keys = new Set([clean(value)]);
    const c = this.channel(value) ?? this.channel(slug(value));
    if (c) {
      keys.add(c.id.toLowerCase());
      if (c.name) keys.add(c.name.toLowerCase());
    }
    // "Lunch Club" and "lunch-club" name the same channel or forum category.
    for (const k of [...keys]) keys.add(slug(k));
    return keys;
  }

  personKeys(value: string): Set<string> {
    const keys = new Set([clean(value)]);
    const u = this.user(value);
    if (u) {
      keys.add(u.id.toLowerCase());
      if (u.name) keys.add(u.name.toLowerCase());
    }
    return keys;
  }

  channelName(value: string): string {
    const c = this.channel(value);
    return c?.name ?? value.replace(/^#/, '');
  }

  personName(value: string): string {
    return this.user(value)?.name ?? value;
  }

  /** Does a mention written in the request name this channel (directly or through context)? */
  mentionsChannel(mentions: ReadonlyArray<Mention>, value: string): boolean {
    const keys = this.channelKeys(value);
    return mentions.some((m) => [...this.channelKeys(m.value)].some((k) => keys.has(k)));
  }

  mentionsPerson(mentions: ReadonlyArray<Mention>, value: string): boolean {
    const keys = this.personKeys(value);
    return mentions.some((m) => [...this.personKeys(m.value)].some((k) => keys.has(k)));
  }

  /**
   * Channels consistent with a description, or null when context cannot tell (then any channel is).
   * "the channel with the most members" → the largest in context; "the vendor channel" → names with "vendor".
   */
  describedChannels(d: Description): Set<string> | null {
    const all = this.context?.channels ?? [];
    if (!all.length) return null;
    let pool = all;
    const words = d.words.filter((w) => !['private', 'public', 'external', 'shared'].includes(w));
    if (d.words.includes('private')) pool = pool.filter((c) => c.private === true);
    if (d.words.includes('public')) pool = pool.filter((c) => c.private !== true);
    if (d.words.includes('external') || d.words.includes('shared'))
      pool = pool.filter((c) => c.external === true);
    const named = pool.filter((c) => words.some((w) => nameHas(c, w)));
    if (named.length) pool = named;
    else if (!d.order && pool.length === all.length) return null;
    if (d.order && pool.length) {
      const size = (c: ChannelFacts): number => c.members ?? 0;
      const best = d.order === 'most' ? Math.max(...pool.map(size)) : Math.min(...pool.map(size));
      pool = pool.filter((c) => size(c) === best);
    }
    const keys = new Set<string>();
    for (const c of pool) {
      keys.add(c.id.toLowerCase());
      if (c.name) keys.add(c.name.toLowerCase());
    }
    return keys;
  }

  isRequester(requester: { id: string; name?: string | undefined }, value: string): boolean {
    const keys = this.personKeys(value);
    if (keys.has(requester.id.toLowerCase())) return true;
    return requester.name !== undefined && keys.has(requester.name.toLowerCase());
  }

  sameChannel(a: string, b: string): boolean {
    const ka = this.channelKeys(a);
    return [...this.channelKeys(b)].some((k) => ka.has(k));
  }
}
