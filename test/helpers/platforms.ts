// A Platform test double that records every publish it receives and can be switched to fail (an outage)
// or to hang (a process that dies between claim and publish). It hashes what it receives with the
// pipeline's own content hash, so tests can compare the delivered content with what reviewers approved.
import type { Action } from '../../src/governance/model.ts';
import { contentHashOf } from '../../src/governance/pipeline/deps.ts';
import type { Platform, RequesterEvent } from '../../src/governance/ports.ts';

export interface PublishCall {
  /** Order of arrival across all calls on this platform. */
  n: number;
  actionId: string;
  text: string;
  /** The hash the pipeline claims the action has (`action.contentHash`). */
  claimedHash: string;
  /** The hash of exactly the content that arrived, recomputed here. */
  deliveredHash: string;
  attemptsBefore: number;
  outcome: 'ok' | 'error' | 'pending';
  ref: string | null;
}

export interface RecordingPlatform extends Platform {
  /** Every publish call, including failed ones, in arrival order. */
  readonly calls: PublishCall[];
  /** Calls that returned a ref: the platform acknowledged the post. */
  readonly delivered: PublishCall[];
  readonly notices: Array<{ actionId: string; event: RequesterEvent }>;
  readonly cards: Array<{ actionId: string; status: string; kind: 'request' | 'update' }>;
  /** While true, publish and the notice methods throw (the platform is down). */
  failing: boolean;
  /** The next publish call never settles until the returned function is called (a crash mid-publish). */
  hangNext(): { release: (outcome?: 'ok' | 'error') => void };
  reset(): void;
}

export function recordingPlatform(name = 'flaky', opts: { maxTextLength?: number } = {}): RecordingPlatform {
  const calls: PublishCall[] = [];
  const delivered: PublishCall[] = [];
  const notices: RecordingPlatform['notices'] = [];
  const cards: RecordingPlatform['cards'] = [];
  let hang: Promise<'ok' | 'error'> | null = null;
  let n = 0;

  const down = (what: string) => new Error(`${name} is down (${what})`);
  const platform: RecordingPlatform = {
    name,
    maxTextLength: opts.maxTextLength ?? 10_000,
    calls,
    delivered,
    notices,
    cards,
    failing: false,
    hangNext() {
      let release: (outcome?: 'ok' | 'error') => void = () => {};
      hang = new Promise((resolve) => {
        release = (outcome = 'ok') => resolve(outcome);
      });
      return { release: (outcome) => release(outcome) };
    },
    reset() {
      calls.length = 0;
      delivered.length = 0;
      notices.length = 0;
      cards.length = 0;
      platform.failing = false;
      hang = null;
    },
    async publish({ action }: { action: Action }) {
      const call: PublishCall = {
        n: ++n,
        actionId: action.id,
        text: action.text,
        claimedHash: action.contentHash,
        deliveredHash: contentHashOf(action),
        attemptsBefore: action.attempts,
        outcome: 'pending',
        ref: null,
      };
      calls.push(call);
      let failNow = platform.failing;
      if (hang) {
        const waitFor = hang;
        hang = null;
        failNow = (await waitFor) === 'error';
      }
      if (failNow) {
        call.outcome = 'error';
        throw down('publish');
      }
      call.outcome = 'ok';
      call.ref = `${name}-${action.id}-${call.n}`;
      delivered.push(call);
      return { id: call.ref };
    },
    async requestReview({ action }) {
      if (platform.failing) throw down('review card');
      cards.push({ actionId: action.id, status: action.status, kind: 'request' });
      return { id: `card-${action.id}` };
    },
    async updateReview({ action }) {
      if (platform.failing) throw down('review card update');
      cards.push({ actionId: action.id, status: action.status, kind: 'update' });
      return { id: `card-${action.id}` };
    },
    async notifyRequester({ action, event }) {
      if (platform.failing) throw down('notice');
      notices.push({ actionId: action.id, event });
      return { id: `notice-${action.id}` };
    },
    async postDigest() {
      return null;
    },
  };
  return platform;
}
