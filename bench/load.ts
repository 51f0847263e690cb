// A closed-loop HTTP load generator: `clients` keep-alive connections, each sending its next request as
// soon as the previous answer arrives, for `seconds`. Latencies are kept as float milliseconds (autocannon
// rounds to whole milliseconds, too coarse for a 2 ms target). Raw sockets keep the generator's own CPU
// cost low: it shares the machine with the server it measures.
import { connect, type Socket } from 'node:net';

export interface LoadFigures {
  requests: number;
  ok: number;
  failed: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadOptions {
  port: number;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Request bodies, used round-robin. */
  bodies?: string[];
  clients: number;
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarize(latencies: number[], ok: number, failed: number, seconds: number): LoadFigures {
  latencies.sort((a, b) => a - b);
  return {
    requests: ok + failed,
    ok,
    failed,
    seconds,
    rps: ok / seconds,
    p50: round2(percentile(latencies, 50)),
    p99: round2(percentile(latencies, 99)),
    max: round2(latencies[latencies.length - 1] ?? Number.NaN),
  };
}

function requestBytes(o: LoadOptions, body: string | undefined): Buffer {
  const head = [`${o.method ?? 'GET'} ${o.path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: keep-alive'];
  for (const [k, v] of Object.entries(o.headers ?? {})) head.push(`${k}: ${v}`);
  if (body !== undefined) {
    head.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
  }
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

/** Reads one response per request off a keep-alive socket; needs content-length (Fastify always sends it). */
class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  private failedWith: Error | null = null;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.parse();
    });
    const fail = (e: Error) => {
      this.failedWith = e;
      const w = this.waiting;
      this.waiting = null;
      w?.(0);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  private parse() {
    if (!this.waiting) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const m = /content-length:\s*(\d+)/i.exec(head);
    const total = end + 4 + (m ? Number(m[1]) : 0);
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    const status = Number(head.slice(9, 12));
    const w = this.waiting;
    this.waiting = null;
    w(status);
  }

  send(bytes: Buffer): Promise<number> {
    if (this.failedWith) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(bytes);
    });
  }

  close() {
    this.socket.destroy();
  }
}

const open = (port: number) =>
  new Promise<Conn>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(new Conn(s)));
    s.once('error', reject);
  });

export async function runLoad(o: LoadOptions): Promise<LoadFigures> {
  const payloads = (o.bodies ?? [undefined]).map((b) => requestBytes(o, b));
  const conns = await Promise.all(Array.from({ length: o.clients }, () => open(o.port)));
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const until = started + o.seconds * 1000;
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < until) {
        const bytes = payloads[next++ % payloads.length]!;
        const t0 = performance.now();
        const status = await c.send(bytes);
        if (status === 0) {
          failed++;
          return;
        }
        if (status >= 200 && status < 300) {
          ok++;
          latencies.push(performance.now() - t0);
        } else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const c of conns) c.close();
  return summarize(latencies, ok, failed, elapsed);
}
