// Private key blocks (PEM/PKCS, OpenSSH, PGP, PuTTY) and JSON Web Tokens.
import { isExampleValue, isLowVariety } from './allowlist.ts';
import { finding, mask, type ScanContext, stickyAt } from './scan.ts';

const HEADER = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY( BLOCK)?-----/y;
const MAX_BLOCK = 16_384;
const B64_LINE = /^[A-Za-z0-9+/=]*$/;

interface Body {
  b64: number;
  junk: boolean;
  sample: string;
}

/** Reads a key body: base64 lines, possibly JSON-escaped (`\n`), quoted or with armor headers. */
function readBody(text: string, from: number, to: number): Body {
  let b64 = 0;
  let junk = false;
  let sample = '';
  for (const raw of text.slice(from, to).split(/\r?\n|\\n|\\r/)) {
    const line = raw.replace(/^[\s"',+]+|[\s"',+]+$/g, '');
    if (line === '' || /^[A-Za-z-]{2,30}: /.test(line)) continue; // PGP/PEM armor headers
    if (B64_LINE.test(line)) {
      b64 += line.length;
      if (sample.length < 256) sample += line;
    } else junk = true;
  }
  return { b64, junk, sample };
}

export function scanPrivateKeys(ctx: ScanContext): void {
  const text = ctx.text;
  let nextEnd = -2;
  let i = text.indexOf('-----BEGIN ');
  while (i !== -1) {
    const m = stickyAt(HEADER, text, i);
    if (!m) {
      i = text.indexOf('-----BEGIN ', i + 11);
      continue;
    }
    const headerEnd = i + m[0].length;
    // Memoised so a flood of headers without an END marker stays linear.
    if (nextEnd !== -1 && nextEnd < headerEnd) nextEnd = text.indexOf('-----END', headerEnd);
    let bodyEnd: number;
    let blockEnd: number;
    if (nextEnd !== -1 && nextEnd - headerEnd <= MAX_BLOCK) {
      bodyEnd = nextEnd;
      const close = text.indexOf('-----', nextEnd + 8);
      blockEnd = close !== -1 && close - nextEnd < 80 ? close + 5 : nextEnd + 8;
    } else {
      bodyEnd = Math.min(text.length, headerEnd + 8192);
      const stop = /[^A-Za-z0-9+/=\s"',\\]/g;
      stop.lastIndex = headerEnd;
      const s = stop.exec(text);
      if (s && s.index < bodyEnd) bodyEnd = s.index;
      blockEnd = bodyEnd;
    }
    const body = readBody(text, headerEnd, bodyEnd);
    const kind = (m[1] ?? '').trim() || 'PKCS#8';
    const placeholder = isExampleValue(body.sample) || isLowVariety(body.sample);
    if (!placeholder && body.b64 >= 64 && !body.junk) {
      ctx.add(
        finding('secret.private_key', 'secret', 'critical', `${kind} private key block`, i, blockEnd, {
          blocking: true,
        }),
      );
    } else if (!placeholder && body.b64 >= 16) {
      ctx.add(
        finding(
          'secret.private_key',
          'secret',
          'high',
          `partial or truncated ${kind} private key (${body.b64} base64 characters)`,
          i,
          blockEnd,
        ),
      );
    }
    i = text.indexOf('-----BEGIN ', Math.max(headerEnd, blockEnd));
  }
  scanPutty(ctx);
}

function scanPutty(ctx: ScanContext): void {
  const text = ctx.text;
  let i = text.indexOf('PuTTY-User-Key-File-');
  while (i !== -1) {
    const lines = text.indexOf('Private-Lines:', i);
    if (lines !== -1 && lines - i < 8192) {
      const mac = text.indexOf('Private-MAC:', lines);
      const endAt = mac !== -1 && mac - lines < 8192 ? mac : lines;
      const eol = text.indexOf('\n', endAt);
      const end = eol === -1 ? text.length : eol;
      ctx.add(finding('secret.private_key', 'secret', 'critical', 'PuTTY private key', i, end, { blocking: true }));
      i = text.indexOf('PuTTY-User-Key-File-', end);
    } else i = text.indexOf('PuTTY-User-Key-File-', i + 20);
  }
}

const JWT = /eyJ[\w-]{8,4096}\.[\w-]{8,8192}\.([\w-]{0,1024})(?![\w.-])/y;

function decodeSegment(seg: string): string {
  try {
    return Buffer.from(seg, 'base64url').toString('utf8');
  } catch {
    return '';
  }
}

/** Keyword handler for `eyJ` (base64 of `{"`). */
export function matchJwt(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  if (!text.startsWith('eyJ', at)) return;
  const m = stickyAt(JWT, text, at);
  if (!m) return;
  const token = m[0];
  const header = decodeSegment(token.slice(0, token.indexOf('.')));
  if (!header.includes('"alg"') && !header.includes('"typ"')) return;
  const signature = m[1] ?? '';
  if (isExampleValue(signature) || isExampleValue(token)) return;
  const unsigned = signature.length < 16 || /"alg"\s*:\s*"none"/i.test(header);
  ctx.add(
    finding(
      'secret.jwt',
      'secret',
      unsigned ? 'high' : 'critical',
      `${unsigned ? 'unsigned ' : ''}JSON Web Token ${mask(token)}`,
      at,
      at + token.length,
      { blocking: !unsigned },
    ),
  );
}
