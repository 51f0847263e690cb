// The CLI's one way to call a running Airlock's v1 API: bearer token, JSON body (an empty object for a
// bodiless POST), 30 s timeout. Callers map failures to their own messages.
export async function sendApi(
  baseUrl: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}
