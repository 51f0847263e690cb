// The target of the official MCP conformance suite (scripts/mcp-conformance.sh): a real Airlock with /mcp,
// behind a small forwarder that adds the agent's bearer token, because the suite cannot send one. The
// forwarder keeps every other header (Host and Origin included), so the rebinding checks are Airlock's own.
// Prints the forwarder's /mcp URL on stdout, then runs until stdin closes or SIGTERM.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMcpAirlock } from './real-airlock.ts';

const t = await startMcpAirlock();
const upstream = new URL(t.url);

const forwarder = createServer((req, res) => {
  const out = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, authorization: `Bearer ${t.agentToken}` },
    },
    (back) => {
      res.writeHead(back.statusCode ?? 502, back.headers);
      back.pipe(res);
    },
  );
  out.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`forwarder: ${e.message}`);
  });
  req.pipe(out);
});
await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
const { port } = forwarder.address() as AddressInfo;
process.stdout.write(`http://localhost:${port}/mcp\n`);

const stop = async () => {
  forwarder.closeAllConnections();
  forwarder.close();
  await t.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
