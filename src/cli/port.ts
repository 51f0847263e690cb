// Is HOST:PORT free? Checked before the database is opened, so a taken port is reported at once, not
// after the migrations.
import { createServer } from 'node:net';

export function portProblem(host: string, port: number, code: string | undefined): string {
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is in use (another Airlock or another program). Set PORT to a free port (e.g. PORT=${port + 1} npm start), or PORT=0 to pick any free one.`;
  if (code === 'EACCES')
    return `port ${port} on ${host} needs privileges this user lacks. Set PORT to a port above 1023 (e.g. PORT=4480).`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `HOST=${host} is not an address of this machine. Set HOST to one (e.g. HOST=127.0.0.1, or HOST=0.0.0.0 for every interface).`;
  return `cannot listen on ${host}:${port} (${code ?? 'error'}). Check HOST and PORT.`;
}

/** Resolves null when HOST:PORT can be bound, else the one-line problem. PORT 0 is always free. */
export function checkPort(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(portProblem(host, port, e.code)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}
