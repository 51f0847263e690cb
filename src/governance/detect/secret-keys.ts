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

interface KeyScan {
  /** Next '-----END' at or after the last header, -1 when there is none (memoised: linear). */
  nextEnd: number;
  /** Headers before this offset are inside a block already reported. */
  after: number;
}

/** Keyword handler for `BEGIN` (of `-----BEGIN … PRIVATE KEY-----`). */
export function matchPrivateKey(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  const i = at - 5;
  if (i < 0 || !text.startsWith('-----BEGIN ', i)) return;
  let st = ctx.state.get('secret.keys') as KeyScan | undefined;
  if (!st) {
    st = { nextEnd: -2, after: 0 };
    ctx.state.set('secret.keys', st);
  }
  if (i < st.after) return;
  const m = stickyAt(HEADER, text, i);
  if (!m) return;
  const headerEnd = i + m[0].length;
  if (st.nextEnd !== -1 && st.nextEnd < headerEnd) st.nextEnd = text.indexOf('-----END', headerEnd);
  let bodyEnd: number;
  let blockEnd: number;
  if (st.nextEnd !== -1 && st.nextEnd - headerEnd <= MAX_BLOCK) {
    bodyEnd = st.nextEnd;
    const close = text.indexOf('-----', st.nextEnd + 8);
    blockEnd = close !== -1 && close - st.nextEnd < 80 ? close + 5 : st.nextEnd + 8;
  } else {
    bodyEnd = Math.min(text.length, headerEnd + 8192);
    const stop = /[^A-Za-z0-9+/=\s"',\\]/g;
    stop.lastIndex = headerEnd;
    const s = stop.exec(text);
    if (s && s.index < bodyEnd) bodyEnd = s.index;
    blockEnd = bodyEnd;
  }
  st.after = Math.max(headerEnd, blockEnd);
  const body = readBody(text, headerEnd, bodyEnd);
  const kind = (m[1] ?? '').trim() || 'PKCS#8';
  if (isExampleValue(body.sample) || isLowVariety(body.sample)) return;
  if (body.b64 >= 64 && !body.junk) {
    ctx.add(
      finding('secret.private_key', 'secret', 'critical', `${kind} private key block`, i, blockEnd, {
        blocking: true,
      }),
    );
  } else if (body.b64 >= 16) {
    const message = `partial or truncated ${kind} private key (${body.b64} base64 characters)`;
    ctx.add(finding('secret.private_key', 'secret', 'high', message, i, blockEnd));
  }
}

/** Keyword handler for `PuTTY-User-Key-File-`: the key is the Private-Lines block after it. */
export function matchPutty(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  if (!text.startsWith('PuTTY-User-Key-File-', at)) return;
  const window = text.slice(at, at + 16_384);
  const lines = window.indexOf('Private-Lines:');
  if (lines === -1) return;
  const mac = window.indexOf('Private-MAC:', lines);
  const eol = window.indexOf('\n', mac !== -1 ? mac : lines);
  const end = at + (eol === -1 ? window.length : eol);
  ctx.add(
    finding('secret.private_key', 'secret', 'critical', 'PuTTY private key', at, end, { blocking: true }),
  );
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
