import { secretCorpus } from './bench/detect.ts';
import { detectAll } from './src/governance/detect/index.ts';
const cases = secretCorpus();
let miss = 0, fp = 0;
for (const c of cases) {
  const f = detectAll(c.text).filter(x => x.category === 'secret');
  if (c.secret) { if (!f.some(x => x.span[0] < c.secret![1] && c.secret![0] < x.span[1])) { miss++; console.log('MISS', c.family, JSON.stringify(c.text.slice(0, 120))); } }
  else if (f.length) { fp++; console.log('FP', JSON.stringify(c.text.slice(0, 100)), f.map(x => x.code)); }
}
console.log('miss', miss, 'fp', fp, 'of', cases.length);
