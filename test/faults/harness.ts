// The fault suite's machinery, in three parts: server processes and databases, agent and reviewer load,
// and the end-of-run check of the store, the fake Slack and the audit chain.
export * from './support/load.ts';
export * from './support/outcome.ts';
export * from './support/servers.ts';
