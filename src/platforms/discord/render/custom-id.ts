// What a button or modal carries in its custom_id (at most 100 characters): a verb, the action id and,
// for content decisions, a short key of the content hash the card showed, so a click on an older card
// after an edit is refused by the domain instead of approving text the clicker never saw.
import type { DecisionVerb } from '../../platform.ts';

const VERBS: Record<string, ClickKind> = {
  a: 'approve',
  r: 'reject',
  e: 'edit',
  x: 'redact',
  p: 'pause',
  l: 'release',
  d: 'discard',
  rm: 'reject_modal',
  em: 'edit_modal',
};
type ClickKind = DecisionVerb | 'reject_modal' | 'edit_modal';
const CODES = Object.fromEntries(Object.entries(VERBS).map(([k, v]) => [v, k])) as Record<ClickKind, string>;

/** Characters of the content hash a custom_id carries. */
export const HASH_KEY_LENGTH = 16;
export const hashKey = (contentHash: string) => contentHash.slice(0, HASH_KEY_LENGTH);

export interface Click {
  kind: ClickKind;
  actionId: string;
  hashKey: string | null;
}

export function encodeClick(kind: ClickKind, actionId: string, contentHash?: string): string {
  const id = `al:${CODES[kind]}:${actionId}${contentHash ? `:${hashKey(contentHash)}` : ''}`;
  if (id.length > 100) throw new Error(`custom_id too long for action ${actionId}`);
  return id;
}

export function decodeClick(customId: string): Click | null {
  const [prefix, code, actionId, key] = customId.split(':');
  if (prefix !== 'al' || !code || !actionId) return null;
  const kind = VERBS[code];
  if (!kind) return null;
  return { kind, actionId, hashKey: key ?? null };
}
