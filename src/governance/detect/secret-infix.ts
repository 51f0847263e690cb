// Credentials whose fixed part sits in the middle (Discord bot tokens, Telegram bot tokens, Azure AD
// client secrets, Mailchimp keys, Terraform Cloud tokens, Azure SAS signatures). Each is found from
// a literal anchor inside a long token run, then checked with a bounded sticky regex placed just
// before it.
import type { Risk } from '../model.ts';
import { charSet, inSet } from './scan.ts';

export interface InfixRule {
  readonly code: string;
  readonly label: string;
  /** Literal searched for inside long token runs (see secret-runs.ts). */
  readonly anchor: string;
  /** Finds the secret around an anchor at `i`; returns [start, end) or null. */
  readonly find: (text: string, i: number) => [number, number] | null;
  readonly severity?: Risk;
}

const TOKEN_CHAR = charSet('A-Za-z0-9_-');
const DIGIT = charSet('0-9');

function runBack(text: string, i: number, max: number, set: Uint8Array): number {
  let s = i;
  while (s > 0 && i - s <= max && inSet(set, text.charCodeAt(s - 1))) s--;
  return s;
}

function stickyFrom(re: RegExp, text: string, at: number, group = 0): [number, number] | null {
  if (at < 0) return null;
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return null;
  const g = m[group];
  if (g === undefined) return null;
  const start = group === 0 ? at : at + m[0].indexOf(g);
  return [start, start + g.length];
}

const DISCORD_TAIL = /\.[\w-]{6}\.[\w-]{27,38}(?![\w-])/y;

export function findDiscord(text: string, dot: number): [number, number] | null {
  const s = runBack(text, dot, 28, TOKEN_CHAR);
  const first = text.slice(s, dot);
  if (first.length < 23 || first.length > 27 || !/^[MNO]/.test(first)) return null;
  DISCORD_TAIL.lastIndex = dot;
  const m = DISCORD_TAIL.exec(text);
  if (!m) return null;
  // The first segment is the base64 of the bot's numeric id; prose and file names never are.
  const id = Buffer.from(first.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  if (!/^\d{17,20}$/.test(id)) return null;
  return [s, dot + m[0].length];
}

const TELEGRAM = /\d{8,10}:AA[\w-]{33}(?![\w-])/y;
const AZURE_AD = /[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/y;
const MAILCHIMP = /[0-9a-f]{32}-us\d{1,2}(?!\w)/y;
const TERRAFORM = /[a-z0-9]{14}\.atlasv1\.[\w=-]{60,70}/y;
const AZURE_SAS = /sig=([A-Za-z0-9%+/]{40,120}={0,2})/y;

export const INFIX_RULES: readonly InfixRule[] = [
  {
    code: 'secret.telegram_bot_token',
    label: 'Telegram bot token',
    anchor: ':AA',
    find: (t, i) => {
      const s = runBack(t, i, 10, DIGIT);
      if (s > 0 && /\w/.test(t[s - 1]!) && t.slice(s - 3, s) !== 'bot') return null;
      return stickyFrom(TELEGRAM, t, s);
    },
  },
  {
    code: 'secret.azure_client_secret',
    label: 'Azure AD client secret',
    anchor: 'Q~',
    find: (t, i) => (i >= 4 && !/[\w~.]/.test(t[i - 5] ?? ' ') ? stickyFrom(AZURE_AD, t, i - 4) : null),
  },
  {
    code: 'secret.mailchimp_key',
    label: 'Mailchimp API key',
    anchor: '-us',
    find: (t, i) => (i >= 32 && !/\w/.test(t[i - 33] ?? ' ') ? stickyFrom(MAILCHIMP, t, i - 32) : null),
  },
  {
    code: 'secret.terraform_token',
    label: 'Terraform Cloud token',
    anchor: '.atlasv1.',
    find: (t, i) => (i >= 14 ? stickyFrom(TERRAFORM, t, i - 14) : null),
  },
  {
    code: 'secret.azure_sas_token',
    label: 'Azure SAS signature',
    anchor: 'sig=',
    find: (t, i) => {
      const before = t.slice(Math.max(0, i - 400), i);
      if (!before.includes('sv=') && !before.includes('se=') && !before.includes('sr=')) return null;
      return stickyFrom(AZURE_SAS, t, i, 1);
    },
  },
];
