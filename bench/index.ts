// `npm run bench`: every benchmark the issues set targets for, printed as tables.
//   BENCH_ONLY=classify|detect|pipeline to run one; BENCH_SECONDS for the pipeline's sustained run.
import { runClassifyBench } from './classify.ts';
import { runDetectBench } from './detect.ts';
import { runPipelineBench } from './pipeline.ts';

const only = process.env['BENCH_ONLY'];
console.log(`Airlock benchmarks on node ${process.version}, ${new Date().toISOString()}`);
if (!only || only === 'classify') await runClassifyBench();
if (!only || only === 'detect') await runDetectBench();
if (!only || only === 'pipeline') await runPipelineBench();
