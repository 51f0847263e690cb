// `npm run bench`: every benchmark the issues set targets for, printed as tables.
//   BENCH_ONLY=classify|detect|cli|pipeline|digest to run one; BENCH_SECONDS for the pipeline's sustained run.
import { runClassifyBench } from './classify.ts';
import { runCliBench } from './cli.ts';
import { runDetectBench } from './detect.ts';
import { runDigestBench } from './digest.ts';
import { runPipelineBench } from './pipeline.ts';

const only = process.env['BENCH_ONLY'];
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
