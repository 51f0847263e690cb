// References measured in the same run as the pipeline, so the pipeline's figures read as ratios to what
// this machine does at all: (1) what pgbench would do with a custom script of one transaction with two
// inserts (BEGIN; INSERT; INSERT; COMMIT, each its own round trip, as pgbench sends them), driven through
// `pg` from this process with the same client counts; (2) Fastify answering a constant, in its own
// process, through the same load generator.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LoadFigures, runLoad, summarize } from './load.ts';

export async function pgTwoInsert(url: string, clients: number, seconds: number): Promise<LoadFigures> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(
    'create table if not exists bench_ref_a (id bigserial primary key, at timestamptz not null, v text not null)',
  );
  await setup.query(
    'create table if not exists bench_ref_b (id bigserial primary key, at timestamptz not null, v text not null)',
  );
  await setup.end();
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    conns.map(async (c, i) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await c.query('begin');
          await c.query('insert into bench_ref_a (at, v) values (now(), $1)', [`client ${i}`]);
          await c.query('insert into bench_ref_b (at, v) values (now(), $1)', [`client ${i}`]);
          await c.query('commit');
          ok++;
          latencies.push(performance.now() - t0);
        } catch {
          failed++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  return summarize(latencies, ok, failed, elapsed);
}

const FASTIFY_SERVER = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\\n');
`;

export async function fastifyConstant(port: number, clients: number, seconds: number): Promise<LoadFigures> {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', FASTIFY_SERVER], {
    cwd,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`fastify reference exited with ${code}`)));
    });
    await runLoad({ port, path: '/', clients, seconds: 1 });
    return await runLoad({ port, path: '/', clients, seconds });
  } finally {
    child.kill('SIGTERM');
  }
}
