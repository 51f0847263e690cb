// What every tool module needs: the gateway, the agent the session belongs to, and the platforms' read side.
import type { AgentGateway } from '../../../governance/gateway.ts';
import type { Agent } from '../../../governance/model.ts';

/** The optional read side of a platform adapter. Results are passed through as data. */
export interface PlatformReader {
  readThread?(channel: string, thread: string): Promise<unknown>;
  listChannels?(): Promise<unknown>;
}

/** Platforms by name, as a map or a plain object. */
export type PlatformReaders = ReadonlyMap<string, PlatformReader> | Readonly<Record<string, PlatformReader>>;

export interface ToolDeps {
  gateway: AgentGateway;
  /** Fixed for the session: it comes from the bearer token, never from tool arguments. */
  agent: Agent;
  platforms: ReadonlyMap<string, PlatformReader>;
  /** Upper bound of one wait_for_decision call. */
  maxWaitMs: number;
}

export function toPlatformMap(platforms: PlatformReaders | undefined): ReadonlyMap<string, PlatformReader> {
  if (!platforms) return new Map();
  if (platforms instanceof Map) return platforms;
  return new Map(Object.entries(platforms as Readonly<Record<string, PlatformReader>>));
}
