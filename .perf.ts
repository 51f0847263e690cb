import { buildCorpus } from './bench/detect.ts';
import { scanText } from './src/governance/detect/run.ts';
import { secretsFamily } from './src/governance/detect/secrets.ts';
import { piiFamily } from './src/governance/detect/pii.ts';
import { permissionFamily } from './src/governance/detect/permission.ts';
import { destructiveFamily } from './src/governance/detect/destructive.ts';
import { linksFamily } from './src/governance/detect/links.ts';
import { broadcastFamily } from './src/governance/detect/broadcast.ts';
import { injectionFamily } from './src/governance/detect/injection.ts';
import { normalizeUnicode } from './src/governance/detect/normalize/unicode.ts';
import { findEncodedRuns } from './src/governance/detect/normalize/decode.ts';
import { findSplitWindows } from './src/governance/detect/normalize/split.ts';
import { detectAll } from './src/governance/detect/index.ts';
const msgs = buildCorpus(3_000_000).map(m => JSON.parse(JSON.stringify(m)) as string);
const MB = msgs.reduce((n, m) => n + m.length, 0) / 1e6;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = (name: string, fn: (m: string) => unknown) => { let best = 1e9; for (let r = 0; r < 5; r++) { const t = cpu(); for (const m of msgs) fn(m); best = Math.min(best, cpu() - t); } console.log(name.padEnd(18), (MB / (best / 1000)).toFixed(0).padStart(6), 'MB/s'); };
const only = process.argv[2];
const fams = { secretsFamily, piiFamily, permissionFamily, destructiveFamily, linksFamily, broadcastFamily, injectionFamily };
for (const [n, f] of Object.entries(fams)) { if (only && !n.startsWith(only)) continue; const arr = [f]; time(n, (m) => scanText(m, arr)); }
if (!only || only === 'norm') { time('normalize', (m) => normalizeUnicode(m)); time('decode', (m) => findEncodedRuns(m)); time('split', (m) => findSplitWindows({ text: m, map: null })); }
if (!only || only === 'all') time('detectAll', (m) => detectAll(m));
