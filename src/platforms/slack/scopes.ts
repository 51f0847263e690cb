// Which bot scopes each Web API method and each event needs. app.manifest.yaml must declare them all;
// a test reads the code's method calls and handled events and checks the manifest against this table.

export const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write', 'chat:write.customize'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  // Finding our own post after a crash, and read_thread, in every kind of conversation we post in.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'conversations.list': ['channels:read', 'groups:read'],
  'views.open': [],
  'views.publish': [],
};

export const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  app_home_opened: [],
  // Several workspaces: an uninstall or a revoked bot token marks the installation revoked.
  app_uninstalled: [],
  tokens_revoked: [],
};

/** The slash command needs `commands`. */
export const COMMAND_SCOPES = ['commands'];

/** Every bot scope the code needs: what "Add to Slack" asks for (the manifest declares the same). */
export const BOT_SCOPES: string[] = [
  ...new Set([
    ...Object.values(METHOD_SCOPES).flat(),
    ...Object.values(EVENT_SCOPES).flat(),
    ...COMMAND_SCOPES,
  ]),
].sort();
