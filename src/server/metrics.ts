// Prometheus metrics (prom-client): what operators alert on.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Action } from '../governance/model.ts';
import type { PipelineObserver } from '../governance/pipeline/index.ts';

export interface Metrics {
  registry: Registry;
  observer: PipelineObserver;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'airlock_process_' });
  const decisions = new Counter({
    name: 'airlock_actions_total',
    help: 'Actions decided, by decision and platform.',
    labelNames: ['decision', 'platform'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'airlock_submit_decision_seconds',
    help: 'Time from receiving an action to its staged decision (classification and commit).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'airlock_action_transitions_total',
    help: 'Actions reaching a status after their decision, by status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  return {
    registry,
    observer: {
      decided: (a: Action, ms: number) => {
        decisions.inc({ decision: a.decision.decision, platform: a.platform });
        latency.observe(ms / 1000);
      },
      changed: (a: Action) => outcomes.inc({ status: a.status }),
    },
  };
}
