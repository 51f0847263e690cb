// The last word on an error that reached the top of a command: one line that says what happened and,
// where we know it, what to do; never a stack trace (unless LOG_LEVEL=debug or trace asks for one), and
// never a credential.
import { redactCredentials } from '../redact.ts';

interface NodeFsError extends Error {
  code?: string;
  path?: string;
  syscall?: string;
}

const FS_HINTS: Record<string, (path: string) => string> = {
  ENOTDIR: (p) => `${p}: a part of this path is a file, not a directory; choose another path`,
  EEXIST: (p) => `${p}: exists and is not a directory; choose another path`,
  EACCES: (p) => `${p}: permission denied; choose a path this user may write, or fix its permissions`,
  EPERM: (p) => `${p}: operation not permitted; choose a path this user may write`,
  ENOENT: (p) => `${p}: does not exist`,
  ENOSPC: (p) => `${p}: the disk is full; free some space`,
  EROFS: (p) => `${p}: the file system is read-only; choose a writable path`,
};

/** One line for any error: file-system errors name the path and what to do. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const fe = e as NodeFsError;
    const hint = fe.code && fe.path ? FS_HINTS[fe.code] : undefined;
    const text = hint && fe.path ? hint(fe.path) : e.message;
    return redactCredentials(text.replace(/\s*\n\s*/g, ' ').trim());
  }
  return redactCredentials(String(e));
}

export function reportFatal(e: unknown): never {
  const debug = /^(debug|trace)$/.test(process.env['LOG_LEVEL'] ?? '');
  const expected = e instanceof Error && typeof (e as NodeFsError).code === 'string';
  const tail = expected || debug ? '' : ' (LOG_LEVEL=debug prints where it happened)';
  process.stderr.write(`airlock: ${describeError(e)}${tail}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${redactCredentials(e.stack)}\n`);
  process.exit(1);
}
