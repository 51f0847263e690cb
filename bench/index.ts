// `npm run bench`: every benchmark the issues set targets for, printed as tables.
//   `npm run bench -- detect` (or BENCH_ONLY=detect) runs one of classify|detect|cli|pipeline|digest;
//   BENCH_SECONDS for the pipeline's sustained run.
import { runClassifyBench } from './classify.ts';
import { runCliBench } from './cli.ts';
import { runDetectBench } from './detect.ts';
import { runDigestBench } from './digest.ts';
import { runPipelineBench } from './pipeline.ts';

const BENCHES = ['classify', 'detect', 'cli', 'pipeline', 'digest'];
const only = process.argv[2] ?? process.env['BENCH_ONLY'];
if (only && !BENCHES.includes(only)) {
  console.error(`unknown benchmark "${only}": pass one of ${BENCHES.join(', ')} (or none for all)`);
  process.exit(2);
}
console.log(`Airlock benchmarks on node ${process.version}, ${new Date().toISOString()}`);
if (!only || only === 'classify') await runClassifyBench();
if (!only || only === 'detect') {
  const d = await runDetectBench();
  console.log(
    '\nDetectors (detectAll) and, on the same secret corpus in the same run, secretlint (preset-recommend)',
  );
  console.table(
    Object.fromEntries(
      Object.entries(d).map(([k, v]) => [k, { value: Number.isInteger(v) ? v : Number(v.toFixed(4)) }]),
    ),
  );
  console.log('targets: ≥ 100 MB/s; ≥ 10× faster than secretlint with at least its recall');
}
if (!only || only === 'cli') await runCliBench();
if (!only || only === 'pipeline') await runPipelineBench();
if (!only || only === 'digest') await runDigestBench();
