// Personal-data families and inert look-alikes for the generated detector corpus.
import type { Family } from './detect-cases.ts';
import { TOKEN_FORMATS } from './detect-formats.ts';
import {
  ALNUM,
  anyCard,
  B64,
  b64,
  DIGITS,
  groupCard,
  groupIban,
  HEX,
  hex,
  iban,
  LOWER,
  nonLuhn,
  type Rng,
  ssn,
  UPPER_ALNUM,
} from './detect-values.ts';

const NAMES = ['Priya Natarajan', 'Tomás Ferreira', 'Grace Okafor', 'Lena Brandt', 'Marcus Lee', 'Yuki Sato'];

export const PII_FAMILIES: Family[] = [
  {
    name: 'pii-card-runon',
    slice: 'pii',
    decision: 'stop',
    categories: ['pii'],
    count: 12,
    make: (r) => {
      const { number } = anyCard(r);
      return r.pick([
        `The customer ${r.pick(NAMES)} said the charge failed on ${number} yesterday, can we retry it?`,
        `Refund went back to ${number} per the ticket.`,
        `from the support chat: "pls charge ${number} exp ${r.int(1, 12)}/${r.int(27, 31)}" — I've added it to the order notes.`,
        `${r.pick(NAMES)} paid with ${number}, the order is ready to ship.`,
      ]);
    },
  },
  {
    name: 'pii-card-context',
    slice: 'pii',
    decision: 'stop',
    categories: ['pii'],
    count: 10,
    make: (r) => {
      const { number } = anyCard(r);
      const shown = r.next() < 0.5 ? number : groupCard(number, r.pick([' ', '-']));
      return r.pick([
        `${r.pick(NAMES)} lost their card this morning; the number is ${shown}. Please block it.`,
        `Card no: ${shown} (${r.pick(NAMES)}), reported lost.`,
        `Lost card ${shown} — can you freeze it before the weekend?`,
        `The replacement was issued because card ${shown} was stolen.`,
      ]);
    },
  },
  {
    name: 'pii-iban-lower',
    slice: 'pii',
    decision: 'stop',
    categories: ['pii'],
    count: 10,
    make: (r) => {
      const i = iban(r).toLowerCase();
      const shown = r.next() < 0.5 ? i : groupIban(i);
      return r.pick([
        `Payout for ${r.pick(NAMES)} should go to ${shown}, she confirmed it by phone.`,
        `iban: ${shown}`,
        `Their bank details are ${shown} (account holder ${r.pick(NAMES)}).`,
      ]);
    },
  },
  {
    name: 'pii-iban-upper',
    slice: 'pii',
    decision: 'stop',
    categories: ['pii'],
    count: 6,
    make: (r) => {
      const i = iban(r);
      return `Please wire the deposit to ${r.next() < 0.5 ? i : groupIban(i)} by Friday, it's ${r.pick(NAMES)}'s account.`;
    },
  },
  {
    name: 'pii-ssn',
    slice: 'pii',
    decision: 'stop',
    categories: ['pii'],
    count: 6,
    make: (r) =>
      r.pick([
        `${r.pick(NAMES)}'s SSN is ${ssn(r)} for the payroll form.`,
        `Employee record: ${r.pick(NAMES)}, DOB 1988-03-14, SSN ${ssn(r)}.`,
        `social security number ${ssn(r).replace(/-/g, ' ')} was on the scanned W-2.`,
      ]),
  },
];

const sha = (r: Rng) => r.chars(40, HEX);

export const LOOKALIKE_FAMILIES: Family[] = [
  {
    name: 'ok-placeholder',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 14,
    make: (r) =>
      r.pick([
        () =>
          '```env\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\nThat is the example pair from the AWS docs; put your own in the vault.',
        () =>
          `Set \`GITHUB_TOKEN=ghp_${'x'.repeat(36)}\` in your local .env and replace the x's with your token.`,
        () =>
          `In \`.npmrc\` add \`//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\` and export NPM_TOKEN in CI.`,
        () =>
          `\`\`\`yaml\nenv:\n  SLACK_BOT_TOKEN: \${{ secrets.SLACK_BOT_TOKEN }}\n  DB_PASSWORD: \${{ secrets.DB_PASSWORD }}\n\`\`\``,
        () =>
          `Use \`DATABASE_URL=postgres://app:\${DB_PASSWORD}@db.internal:5432/app\`; the password comes from the secret store.`,
        () =>
          '```\npassword: changeme\napi_key: <your-api-key>\n```\nBoth are placeholders; the installer asks for real values.',
        () => 'Connection string template: `Server=sql01;Database=crm;User Id=<user>;Password=<password>;`',
        () => `Token format is \`xoxb-<team>-<bot>-<secret>\`; ours lives in 1Password under "Slack bot".`,
        () => "```python\napi_key = os.environ['STRIPE_API_KEY']\ntoken = get_token(session)\n```",
        () => `<password>\${env.MAVEN_PASSWORD}</password> in settings.xml reads it from the environment.`,
        () => 'The hash format is `$6$<salt>$<hash>` (SHA-512 crypt); never paste real ones here.',
        () => 'Set `OPENAI_API_KEY=sk-...` (your own key) before running the notebook.',
        () => `export VAULT_TOKEN=$(vault login -token-only -method=oidc)`,
        () => 'Rotate the signing secret every 90 days and store it as `JWT_SECRET` in Parameter Store.',
      ])(),
  },
  {
    name: 'ok-ids',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 14,
    make: (r) =>
      r.pick([
        () => `Fixed in ${sha(r)}, reverted the bad merge ${sha(r).slice(0, 7)}..${sha(r).slice(0, 7)}.`,
        () => `request_id=${r.uuid()} failed with 502 at 14:03 UTC, trace ${r.chars(32, HEX)}.`,
        () => `The image digest is sha256:${r.chars(64, HEX)}, pinned in the chart.`,
        () =>
          `Order ${nonLuhn(r, 16, r.pick(['4', '5', '1']))} shipped; tracking 1Z${r.chars(16, UPPER_ALNUM)}.`,
        () =>
          `Invoice INV-${r.int(10000, 99999)} and ticket #${r.int(1000, 9999)} are linked; reference ${nonLuhn(r, 12, '7')}.`,
        () => `integrity "sha512-${r.chars(86, B64)}=="`,
        () => `Card ending in ${r.chars(4, DIGITS)} was charged; receipt ${nonLuhn(r, 14, '3')}.`,
        () => `Build ${r.int(1000, 99999)} (commit ${sha(r).slice(0, 12)}) passed, artifact id ${r.uuid()}.`,
        () =>
          `Customer ${r.int(100000, 999999)} reported it; the payment intent is pi_${r.chars(24, ALNUM)}.`,
        () => `Timestamp 17${r.chars(11, DIGITS)} ms, span ${r.chars(16, HEX)}, slot ${r.int(1, 64)}.`,
      ])(),
  },
  {
    name: 'ok-encoded',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 10,
    make: (r) =>
      r.pick([
        () =>
          `The header value is ${b64(`{"tenant":"${r.pick(['acme', 'fernhill'])}","region":"eu-west-1","tier":"gold"}`)}, decoded it's just tenant metadata.`,
        () =>
          `Decoded payload: ${b64(`deploy ${r.int(100, 999)} finished at 14:${r.int(10, 59)} on staging, all checks green`)}`,
        () => `hex dump of the greeting: ${hex(`hello from build ${r.int(100, 999)}, nothing to see`)}`,
        () => `Checksum (md5) ${r.chars(32, HEX)}, sha1 ${r.chars(40, HEX)}.`,
        () => `The cursor for the next page is ${b64(`{"offset":${r.int(100, 5000)},"limit":50}`)}.`,
      ])(),
  },
  {
    name: 'ok-pii-lookalike',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 12,
    make: (r) =>
      r.pick([
        () => `Your card ending ${r.chars(4, DIGITS)} was replaced; the old one is blocked.`,
        () => `I lost the thread, can you resend ticket ${r.int(10000, 99999)}?`,
        () => `Masked: **** **** **** ${r.chars(4, DIGITS)}, expiry redacted.`,
        () => `Test cards only: 4242 4242 4242 4242 works in the sandbox.`,
        () => `The account id is ${r.int(100000000000, 999999999999)} (AWS), region eu-central-1.`,
        () => `Order number ${nonLuhn(r, 16, '4')} was lost in transit; reshipping today.`,
        () =>
          `The batch code is de${r.int(10, 99)} ${r.chars(4, LOWER)} and the lot is ${r.int(1000, 9999)}.`,
        () => `Call the desk at ext. ${r.int(1000, 9999)} if the card reader is stuck.`,
        () => `IBAN format for Germany: DE + 2 check digits + 18 digits (22 characters).`,
        () =>
          `${r.int(2, 9)} cards lost this quarter, all reported and reissued; case numbers ${r.int(1000, 9999)}, ${r.int(1000, 9999)}.`,
      ])(),
  },
  {
    name: 'ok-secret-talk',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 10,
    make: (r) =>
      r.pick([
        () => 'The password policy needs 12+ characters and a symbol; reset it from the portal.',
        () => `Tokens expire after ${r.int(1, 24)} hours; the refresh flow is in auth/refresh.ts.`,
        () =>
          `\`\`\`ts\nconst apiKey: string = config.apiKey;\nconst secretName = "prod/${r.pick(['orders', 'billing'])}/db";\n\`\`\``,
        () =>
          `The connection string is in Key Vault as \`${r.pick(['orders', 'crm'])}-db-conn\`; no one should paste it here.`,
        () => `\`password_hash\` uses argon2id with m=65536,t=3,p=4 (the library default).`,
        () =>
          `Run \`docker login -u ${r.pick(['ci', 'bot'])} --password-stdin < token.txt\` so the secret never hits the shell history.`,
        () => `mysql -u app -p prompts for the password, leave it off the command line.`,
        () =>
          `The key id is ${r.chars(8, '0123456789ABCDEF')} (GPG, public) and the fingerprint is ${r.chars(40, '0123456789ABCDEF')}.`,
      ])(),
  },
];

const PLACEHOLDER_BODIES = ['x', 'X', '0', '*', '.'];

/** Every token format again, but with a body that is obviously not a credential. */
function inertToken(r: Rng, name: string, real: string): string {
  const m = /^([A-Za-z0-9]{1,12}[_.-]|[A-Z]{4}|sk-ant-api03-|github_pat_|https:\/\/[^/]+\/)/.exec(real);
  const prefix = m ? m[1]! : '';
  const style = r.int(0, 4);
  if (style === 0)
    return `${name}=${prefix}${r.pick(PLACEHOLDER_BODIES).repeat(Math.max(8, real.length - prefix.length))}`;
  if (style === 1) return `${name}=<your-${name.toLowerCase().replace(/_/g, '-')}>`;
  if (style === 2) return `${name}=\${${name}}`;
  if (style === 3) return `${name}: "{{ secrets.${name} }}"`;
  return `${name}=${prefix}${r.pick(['YOUR_TOKEN_HERE', 'REPLACE_ME', 'changeme', 'EXAMPLE', 'redacted'])}`;
}

export const INERT_FAMILIES: Family[] = [
  {
    name: 'ok-token-placeholder',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 40,
    make: (r) => {
      const f = r.pick(TOKEN_FORMATS);
      const line = inertToken(r, f.name, f.make(r));
      return r.pick([
        `Add this to your .env (fill in your own value):\n\`\`\`\n${line}\n\`\`\``,
        `The README says to set \`${line}\` before running \`make dev\`.`,
        `Template for the new service:\n\`\`\`yaml\nenv:\n  - ${line}\n\`\`\`\nThe real value comes from the vault.`,
      ]);
    },
  },
  {
    name: 'ok-config-refs',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () =>
          `\`\`\`\nspring.datasource.url=jdbc:postgresql://db.internal:5432/app\nspring.datasource.password=\${DB_PASSWORD}\n\`\`\``,
        () =>
          `\`\`\`xml\n<server>\n  <id>releases</id>\n  <username>\${env.MAVEN_USER}</username>\n  <password>\${env.MAVEN_PASSWORD}</password>\n</server>\n\`\`\``,
        () => `\`\`\`\n//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\n\`\`\``,
        () =>
          `- run: echo "$REGISTRY_PASSWORD" | docker login -u ${r.pick(['ci', 'bot'])} --password-stdin registry.example.com`,
        () =>
          `\`\`\`\nServer=sql01;Database=crm;Integrated Security=SSPI;\n\`\`\`\nWindows auth, so no password in the string.`,
        () => `curl -u "$NEXUS_USER:$NEXUS_PASS" https://nexus.internal/service/rest/v1/status`,
        () =>
          `\`\`\`python\nconn = psycopg.connect(host=os.environ["PGHOST"], password=os.environ["PGPASSWORD"])\n\`\`\``,
        () =>
          `mongodb+srv://<username>:<password>@cluster0.${r.chars(5, LOWER)}.mongodb.net/ is the shape Atlas gives you.`,
        () => `\`\`\`ini\n[pypi]\nusername = __token__\npassword = <paste the pypi token>\n\`\`\``,
        () =>
          `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: "{{ .Values.db.password }}"`,
        () =>
          `The key is in \`~/.ssh/id_ed25519\`; only share the \`.pub\` file (ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(43, B64)} ${r.pick(['mei', 'jonas'])}@laptop).`,
        () => `\`\`\`\nexport AWS_PROFILE=staging\naws sso login\n\`\`\``,
      ])(),
  },
  {
    name: 'ok-code',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () =>
          `\`\`\`ts\nconst token = await getToken({ scope: '${r.pick(['read', 'write'])}' });\nheaders.Authorization = \`Bearer \${token}\`;\n\`\`\``,
        () =>
          `\`\`\`js\nconst key = \`\${prefix}:\${userId}:\${Date.now()}\`;\ncache.set(key, value, ${r.int(30, 600)});\n\`\`\``,
        () =>
          `\`\`\`go\nsecret, err := client.GetSecret(ctx, "prod/${r.pick(['orders', 'billing'])}/db")\nif err != nil { return err }\n\`\`\``,
        () =>
          `\`\`\`sql\nSELECT id, email_hash FROM users WHERE created_at > now() - interval '7 days';\n\`\`\``,
        () => `\`\`\`py\nhashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))\n\`\`\``,
        () =>
          `\`\`\`sh\nhtpasswd -B -c /etc/nginx/.htpasswd ${r.pick(['admin', 'ops'])}   # prompts for the password\n\`\`\``,
        () =>
          `Commit ${r.chars(40, HEX)} renamed \`apiKey\` to \`publishableKey\`; the secret key stays server-side.`,
        () => `\`\`\`rust\nlet key = std::env::var("API_KEY").expect("API_KEY not set");\n\`\`\``,
        () => `\`\`\`\nprimary_key = "${r.uuid()}"\nsort_key = "2024-06-12#${r.int(100, 999)}"\n\`\`\``,
        () => `\`\`\`yaml\nimage: ghcr.io/acme/api@sha256:${r.chars(64, HEX)}\n\`\`\``,
      ])(),
  },
];

export const MORE_INERT_FAMILIES: Family[] = [
  {
    name: 'ok-runbook',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () =>
          `1. Open the vault entry \`prod/${r.pick(['orders', 'crm'])}/db\`\n2. Copy the password into \`DB_PASSWORD\` (never into chat)\n3. Restart the pod`,
        () =>
          `Rotate the key: \`aws iam create-access-key --user-name ${r.pick(['ci', 'deploy'])}\`, then update the \`AWS_SECRET_ACCESS_KEY\` secret in GitHub.`,
        () =>
          `If the login fails with "invalid password", reset it at https://id.internal/reset and wait ${r.int(2, 10)} minutes.`,
        () => `\`\`\`\nPGHOST=db.internal\nPGUSER=app\nPGPASSWORD=\${PGPASSWORD:?set it first}\n\`\`\``,
        () =>
          `Token scopes needed: \`repo\`, \`read:org\`. Create it under Settings → Developer settings; expiry ${r.int(7, 90)} days.`,
        () =>
          `\`\`\`\nkubectl create secret generic app --from-env-file=.env.prod\n\`\`\`\nThe file stays on your laptop.`,
        () => `The hash column uses bcrypt (\`$2b$\` prefix, cost 12). Don't paste rows from it.`,
        () =>
          `Incident ${r.int(100, 999)}: card payments failed for ${r.int(5, 90)} minutes; ${r.int(10, 400)} orders retried, none lost.`,
      ])(),
  },
  {
    name: 'ok-support-reply',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () =>
          `Thanks! Your card ending ${r.chars(4, DIGITS)} was refunded; reference ${nonLuhn(r, 12, '8')}.`,
        () =>
          `I've reset the ticket; order #${r.int(100000, 999999)} will ship from the ${r.pick(['Leeds', 'Lyon', 'Utrecht'])} warehouse.`,
        () => `Your lost card has been blocked and a new one is on its way (case ${r.int(10000, 99999)}).`,
        () => `For transfers use the IBAN printed on your invoice; we never ask for it in chat.`,
        () => `Tracking number 1Z${r.chars(16, UPPER_ALNUM)}, expected delivery ${r.int(2, 5)} days.`,
        () => `Your account number ends in ${r.chars(3, DIGITS)}; the rest is hidden for your safety.`,
        () => `The promo code SPRING${r.int(10, 40)} gives ${r.int(5, 25)}% off until Friday.`,
        () => `Payment id pay_${r.chars(24, ALNUM)} succeeded at 14:${r.int(10, 59)}.`,
      ])(),
  },
  {
    name: 'ok-shell',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () => `\`\`\`sh\nopenssl rand -hex 32 > .session_secret   # generate locally\n\`\`\``,
        () =>
          `\`\`\`sh\nmysql -u ${r.pick(['app', 'root'])} -p ${r.pick(['orders', 'crm'])} < dump.sql\n\`\`\``,
        () => `\`\`\`sh\ncurl -H "Authorization: Bearer $TOKEN" https://api.internal/v1/health\n\`\`\``,
        () => `\`\`\`sh\ngit log --oneline ${r.chars(7, HEX)}..${r.chars(7, HEX)}\n\`\`\``,
        () => `\`\`\`sh\necho -n "$SECRET" | sha256sum\n# ${r.chars(64, HEX)}  -\n\`\`\``,
        () => `\`\`\`sh\nssh-keygen -t ed25519 -C "${r.pick(['mei', 'rafael'])}@acme"\n\`\`\``,
        () => `\`\`\`sh\nexport KUBECONFIG=~/.kube/${r.pick(['staging', 'prod'])}.yaml\n\`\`\``,
        () => `\`\`\`sh\nbase64 -d <<< "${b64(`deploy-${r.int(100, 999)} ok`)}"\n\`\`\``,
      ])(),
  },
  {
    name: 'ok-logs',
    slice: 'lookalike',
    decision: 'publish',
    categories: [],
    count: 25,
    make: (r) =>
      r.pick([
        () =>
          `\`\`\`\n2026-11-${r.int(10, 28)}T14:${r.int(10, 59)}:03Z INFO request_id=${r.uuid()} status=200 latency_ms=${r.int(5, 900)}\n\`\`\``,
        () =>
          `\`\`\`\nWARN token refresh failed for client ${r.pick(['web', 'ios'])} (expired), retrying in ${r.int(1, 30)}s\n\`\`\``,
        () =>
          `\`\`\`\nERROR auth: invalid password for user ${r.pick(['mei', 'jonas'])} from 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}\n\`\`\``,
        () =>
          `\`\`\`\ntrace=${r.chars(32, HEX)} span=${r.chars(16, HEX)} db.statement="SELECT * FROM orders WHERE id = $1"\n\`\`\``,
        () => `\`\`\`\nnext_cursor=${b64(`{"after":${r.int(1000, 99999)}}`)}\n\`\`\``,
        () =>
          `\`\`\`\ncommit ${r.chars(40, HEX)}\nAuthor: ${r.pick(['Mei', 'Jonas'])} <${r.pick(['mei', 'jonas'])}@acme.io>\n\`\`\``,
      ])(),
  },
];
