// Coded errors: a stable string code an operator or a client can act on, a message that says what to do,
// and the cause. Entry points map codes to HTTP statuses / MCP tool errors / exit codes.

export const ERROR_CODES = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  /** An approval named a content hash that is no longer the action's content (someone edited it). */
  content_changed: 409,
  idempotency_conflict: 409,
  /** The agent is paused (kill switch): nothing of it is approved or published until it is resumed. */
  agent_paused: 409,
  too_large: 413,
  store_unavailable: 503,
  platform_unavailable: 503,
  classifier_failed: 500,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class AirlockError extends Error {
  readonly code: ErrorCode;
  /** For invalid_input: the dotted path of the offending field. */
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AirlockError';
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const isAirlockError = (e: unknown): e is AirlockError => e instanceof AirlockError;

/** Turns a zod error into an invalid_input naming the first bad field, e.g. `action.channel: a post needs a channel`. */
export function invalidInput(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): AirlockError {
  const first = issues[0];
  const path = first ? [prefix, ...first.path.map(String)].filter(Boolean).join('.') : prefix;
  const message = first ? `${path || '(body)'}: ${first.message}` : `${prefix || '(body)'}: invalid`;
  return new AirlockError('invalid_input', message, {
    field: path || '(body)',
    details: {
      issues: issues.map((i) => ({
        path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
        message: i.message,
      })),
    },
  });
}

/**
 * What a platform adapter throws when the platform refused or failed. `retryable` failures (rate limits,
 * 5xx, timeouts, network) are retried by the pipeline no sooner than `retryAfterMs`; permanent ones
 * (bad channel, no permission, message too long) fail the action at once with `code` in its last error.
 */
export class PlatformError extends Error {
  readonly platform: string;
  /** The platform's own error code when it has one (`channel_not_found`, `50013`, `rate_limited`). */
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    platform: string,
    code: string,
    message: string,
    opts: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PlatformError';
    this.platform = platform;
    this.code = code;
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
  }

  /** Classifies an HTTP status: 429 and 5xx retryable, other 4xx permanent. */
  static fromStatus(
    platform: string,
    status: number,
    code: string,
    message: string,
    retryAfterMs?: number,
  ): PlatformError {
    const retryable = status === 429 || status >= 500 || status === 408;
    return new PlatformError(platform, code, message, {
      retryable,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
}

export const isPlatformError = (e: unknown): e is PlatformError => e instanceof PlatformError;
