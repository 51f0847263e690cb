import { buildCorpus } from './bench/detect.ts';
import { detectAll } from './src/governance/detect/index.ts';
const msgs = buildCorpus(2_000_000).map(m => JSON.parse(JSON.stringify(m)) as string);
function scanText() { for (let r = 0; r < 12; r++) for (const m of msgs) detectAll(m); }
scanText();
