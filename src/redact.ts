// Credentials never reach a terminal or a log through an error message: `postgres://user:secret@host`
// becomes `postgres://user:***@host`, `password=secret` becomes `password=***`, and bearer tokens of
// Airlock's own kinds are cut to their prefix.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/\s]*@/gi;
const PASSWORD_PARAM = /\b(password|passwd|pwd|sslpassword|token|secret)=([^&\s"']+)/gi;
const AIRLOCK_TOKEN = /\b(alk_(?:agent|reviewer|admin)_)[A-Za-z0-9_-]{8,}/g;

export function redactCredentials(text: string): string {
  return text
    .replace(URL_USERINFO, '$1:***@')
    .replace(PASSWORD_PARAM, '$1=***')
    .replace(AIRLOCK_TOKEN, '$1***');
}
