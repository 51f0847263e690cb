// Public surface of the content detectors. Everything else in this folder is internal.
//
// Every detector normalizes first (Unicode evasion, decoded runs, split values) and returns
// findings whose spans are UTF-16 offsets into the ORIGINAL text, sorted by span start.
import { broadcastFamily } from './broadcast.ts';
import { destructiveFamily } from './destructive.ts';
import { injectionFamily } from './injection.ts';
import { linksFamily } from './links.ts';
import { permissionFamily } from './permission.ts';
import { piiFamily } from './pii.ts';
import { makeDetector } from './run.ts';
import type { Family } from './scan.ts';
import { secretsFamily } from './secrets.ts';
import type { Detector } from './types.ts';

const FAMILIES: readonly Family[] = [
  secretsFamily,
  piiFamily,
  permissionFamily,
  destructiveFamily,
  linksFamily,
  broadcastFamily,
  injectionFamily,
];

/** All detectors; `opts.only` limits them by category. One shared pass per text. */
export const detectAll: Detector = makeDetector(FAMILIES);
export const detectSecrets: Detector = makeDetector([secretsFamily]);
export const detectPii: Detector = makeDetector([piiFamily]);
export const detectPermission: Detector = makeDetector([permissionFamily]);
export const detectDestructive: Detector = makeDetector([destructiveFamily]);
export const detectLinks: Detector = makeDetector([linksFamily]);
export const detectBroadcast: Detector = makeDetector([broadcastFamily]);
export const detectInjection: Detector = makeDetector([injectionFamily]);

export { linkKey, normalizeUrl } from './links.ts';
export { MASS_MENTIONS } from './broadcast.ts';
export { BULK_CONTACTS } from './pii.ts';
export { normalizeUnicode } from './normalize/unicode.ts';
export { toOriginal, type TextView } from './normalize/view.ts';
export type { DetectOptions, Detector, Evasion, Finding } from './types.ts';
