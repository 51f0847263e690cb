// The servers the suite starts run `bin/airlock.mjs`, which uses dist/ only while it matches src/ (else
// the sources through tsx, several times slower to start): build it once before the suite.
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/cli.ts';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--strict'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
