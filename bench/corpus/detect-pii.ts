// Personal-data families and inert look-alikes for the generated detector corpus.
import type { Family } from './detect-cases.ts';
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
