// Where the Slack adapter keeps its installed workspaces (several-workspace mode) and which workspace a
// request, channel or user belongs to. The store implements it over the database (main.ts injects it);
// the in-memory implementation beside it serves tests and tools. Bot tokens here are always sealed
// (src/secret-box.ts): this interface never sees a plaintext token.

export interface SlackInstallationRow {
  /** The team id, or the enterprise id of an organisation-wide install. */
  id: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botUserId: string;
  botId: string | null;
  /** Sealed: `v1:<key id>:…`. */
  botToken: string;
  botScopes: string[];
  /** The Slack user who installed (or last re-installed) Airlock. */
  installedBy: string | null;
  installedAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

export type NewSlackInstallation = Omit<SlackInstallationRow, 'installedAt' | 'updatedAt' | 'revokedAt'>;

export type WorkspaceKey = 'request' | 'channel' | 'user';

export interface SlackInstallationRepo {
  /** Inserts, or updates the row of a re-install (keeps `installedAt`, clears `revokedAt`). */
  save(row: NewSlackInstallation, at: Date): Promise<void>;
  get(id: string): Promise<SlackInstallationRow | null>;
  /** Installations not revoked, oldest first. */
  active(): Promise<SlackInstallationRow[]>;
  /** Marks it revoked (uninstalled, tokens revoked); false when there is no such installation. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Remembers that a request, channel or user belongs to an installation (last seen wins). */
  remember(kind: WorkspaceKey, key: string, installationId: string, at: Date): Promise<void>;
  workspaceOf(kind: WorkspaceKey, key: string): Promise<string | null>;
}
