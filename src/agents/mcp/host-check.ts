// DNS-rebinding protection for /mcp: a web page on evil.example that resolves to 127.0.0.1 must not reach
// the local server. Pure, so it has its own tests.

/** The hostname of a Host header value or an Origin URL, lower-cased, IPv6 in brackets; null if unparsable. */
export function hostnameOf(hostOrOrigin: string, isOrigin: boolean): string | null {
  try {
    return new URL(isOrigin ? hostOrOrigin : `http://${hostOrOrigin}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Allowed entries are Host values as configured (AIRLOCK_ALLOWED_HOSTS): `name` allows that name on any port,
 * `name:port` that exact pair.
 */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const value = host.trim().toLowerCase();
  const name = hostnameOf(value, false);
  if (name === null) return false;
  return allowed.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e === value) return true;
    const hasPort = /:\d+$/.test(e) && !/^\[[^\]]*\]$/.test(e);
    return !hasPort && hostnameOf(e, false) === name;
  });
}

/** Why a request must be refused, or null when its Host (and Origin, if any) are allowed. */
export function rebindingViolation(
  headers: { host?: string | undefined; origin?: string | undefined },
  allowed: readonly string[],
): string | null {
  if (!headers.host) return 'missing Host header';
  if (!isAllowedHost(headers.host, allowed))
    return `Host ${headers.host} is not allowed (AIRLOCK_ALLOWED_HOSTS)`;
  // Browsers send Origin; non-browser MCP clients usually do not. `null` (sandboxed pages) is refused too.
  if (headers.origin !== undefined) {
    const origin = hostnameOf(headers.origin, true);
    const allowedNames = new Set(allowed.map((a) => hostnameOf(a.trim().toLowerCase(), false)));
    if (origin === null || !allowedNames.has(origin)) {
      return `Origin ${headers.origin} is not allowed (AIRLOCK_ALLOWED_HOSTS)`;
    }
  }
  return null;
}
