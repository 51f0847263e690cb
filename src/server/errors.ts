import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AirlockError, isAirlockError } from '../governance/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export function errorBody(e: AirlockError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.field ? { field: e.field } : {}),
      ...(e.details ? { details: e.details } : {}),
    },
  };
}

/** Maps every error to `{error: {code, message, field?}}`; unknown errors are 500 and logged, never echoed. */
export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  let e: AirlockError;
  if (isAirlockError(err)) e = err;
  else {
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit ?? 0;
      const sent = Number(req.headers['content-length']);
      const size = Number.isFinite(sent) && sent > 0 ? `${sent.toLocaleString('en-US')} bytes` : 'over';
      e = new AirlockError(
        'too_large',
        `(body): ${size} is over the limit of ${limit.toLocaleString('en-US')} bytes; send less text`,
        { field: '(body)', details: { limit_bytes: limit } },
      );
    } else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      e = new AirlockError('invalid_input', 'Content-Type: send application/json', { field: 'Content-Type' });
    else if (fe.statusCode === 400 || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError)
      e = new AirlockError('invalid_input', `(body): ${err.message}`, { field: '(body)' });
    else {
      req.log.error({ err }, 'unhandled error');
      e = new AirlockError('internal', 'internal error; see the server log', { cause: err });
    }
  }
  if (e.status >= 500) req.log.warn({ code: e.code, msg: e.message }, 'request failed');
  void reply.code(e.status).send(errorBody(e));
}
