// The weekly digest as data. Building it is a later issue; the Platform port already carries it so that
// each platform only renders it.
export interface Digest {
  from: Date;
  to: Date;
  totals: Record<string, number>;
  /** Held or blocked actions with why, newest first. */
  held: Array<{
    actionId: string;
    agent: string;
    platform: string;
    target: string | null;
    reasons: string[];
    outcome: string;
  }>;
}
