import { buildCorpus } from './bench/detect.ts';
import { secretsFamily } from './src/governance/detect/secrets.ts';
import { piiFamily } from './src/governance/detect/pii.ts';
import { permissionFamily } from './src/governance/detect/permission.ts';
import { destructiveFamily } from './src/governance/detect/destructive.ts';
import { injectionFamily } from './src/governance/detect/injection.ts';
import { runKeywords } from './src/governance/detect/trigger.ts';
import { ScanContext, type Family } from './src/governance/detect/scan.ts';
const msgs = buildCorpus(3_000_000).map(m => JSON.parse(JSON.stringify(m)) as string);
const MB = msgs.reduce((n, m) => n + m.length, 0) / 1e6;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const strip = (f: Family): Family => ({ category: f.category, keywords: Object.fromEntries(Object.keys(f.keywords ?? {}).map(k => [k, () => {}])) });
const sets: Record<string, Family[]> = {
  all: [secretsFamily, piiFamily, permissionFamily, destructiveFamily, injectionFamily].map(strip),
  secrets: [strip(secretsFamily)], pii: [strip(piiFamily)], perm: [strip(permissionFamily)], destr: [strip(destructiveFamily)], inj: [strip(injectionFamily)],
};
for (const [n, fams] of Object.entries(sets)) { let best = 1e9; for (let r = 0; r < 5; r++) { const t = cpu(); for (const m of msgs) runKeywords(new ScanContext(m), fams); best = Math.min(best, cpu() - t); } console.log(n.padEnd(8), (MB / (best / 1000)).toFixed(0), 'MB/s', Object.keys(fams.reduce((a, f) => ({ ...a, ...f.keywords }), {})).length, 'kw'); }
{
  const all = sets.all!;
  const counts = new Map<string, number>();
  const fams = all.map(f => ({ category: f.category, keywords: Object.fromEntries(Object.keys(f.keywords ?? {}).map(k => [k, (_c: ScanContext, at: number, end: number) => {}])) }));
  // count via regex directly
  const words = [...new Set(all.flatMap(f => Object.keys(f.keywords ?? {})))];
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const re = new RegExp('\\b(?:' + words.sort((a, b) => b.length - a.length).map(esc).join('|') + ')', 'gi');
  let total = 0;
  for (const m of msgs) { re.lastIndex = 0; for (let x = re.exec(m); x; x = re.exec(m)) { const k = x[0].toLowerCase(); counts.set(k, (counts.get(k) ?? 0) + 1); total++; } }
  console.log('hits', total, 'per KB', (total / (MB * 1000)).toFixed(2));
  console.log([...counts].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${k}:${v}`).join(' '));
}
