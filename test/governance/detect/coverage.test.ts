// Secret formats beyond the common few (gitleaks' default rules), connection strings, password
// hashes, build and CI files, evasions of key names and values, and personal numbers in running
// text. Values are built at run time from a seeded generator: right shape, random body.
import { describe, expect, it } from 'vitest';
import { detectAll, detectPii, detectSecrets } from '../../../src/governance/detect/index.ts';
import { ALNUM, DIGITS, fakes, HEX, URLSAFE } from './fakes.ts';
import { slices } from './helpers.ts';

const f = fakes(1107);
const c = f.chars;
const CRYPT = `./${ALNUM}`;
const pw = () => f.password();
const secretCodes = (text: string) => detectSecrets(text).map((x) => x.code);

describe('provider token formats (gitleaks default rules)', () => {
  const tokens: [string, string][] = [
    ['secret.dynatrace_token', `dt0c01.${c(24, ALNUM.toUpperCase())}.${c(64)}`],
    ['secret.easypost_key', `EZAK${c(54)}`],
    ['secret.planetscale_token', `pscale_tkn_${c(43, URLSAFE)}`],
    ['secret.prefect_key', `pnu_${c(36)}`],
    ['secret.readme_key', `rdme_${c(70, 'abcdefghijklmnopqrstuvwxyz0123456789')}`],
    ['secret.scalingo_token', `tk-us-${c(48, URLSAFE)}`],
    ['secret.shippo_token', `shippo_live_${c(40, HEX)}`],
    ['secret.typeform_token', `tfp_${c(59, URLSAFE)}`],
    ['secret.sourcegraph_token', `sgp_${c(16, HEX)}_${c(40, HEX)}`],
    ['secret.octopus_key', `API-${c(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`],
    ['secret.openshift_token', `sha256~${c(43, URLSAFE)}`],
    ['secret.infracost_key', `ico-${c(32)}`],
    ['secret.flutterwave_key', `FLWSECK_TEST-${c(32, 'abcdefgh0123456789')}-X`],
    ['secret.frameio_token', `fio-u-${c(64, URLSAFE)}`],
    ['secret.duffel_token', `duffel_live_${c(43, URLSAFE)}`],
    ['secret.clickhouse_key', `4b1d${c(38)}`],
    ['secret.cloudflare_key', `v1.0-${c(24, HEX)}-${c(146, HEX)}`],
    ['secret.airtable_token', `pat${c(14)}.${c(64, HEX)}`],
    ['secret.harness_key', `pat.${c(22, URLSAFE)}.${c(24)}.${c(20)}`],
    ['secret.aws_bedrock_key', `ABSK${c(132)}`],
    ['secret.maxmind_key', `${c(6)}_${c(29)}_mmk`],
    ['secret.dropbox_token', `sl.${c(140, URLSAFE)}`],
    [
      'secret.onepassword_secret_key',
      `A3-${c(6, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789')}-${c(11, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789')}-${c(5, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789')}-${c(5, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789')}-${c(5, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789')}`,
    ],
    ['secret.twitter_token', `${c(19, DIGITS).replace(/^0/, '1')}-${c(40)}`],
  ];
  it.each(tokens)('%s in prose', (code, token) => {
    const text = `I pulled it from the deploy logs: ${token} is what staging loads.`;
    const found = detectSecrets(text);
    expect(found.map((x) => x.code)).toContain(code);
    expect(
      slices(
        text,
        found.filter((x) => x.code === code),
      ),
    ).toEqual([token]);
  });
});

describe('webhook URLs', () => {
  it('a Microsoft Teams incoming webhook', () => {
    const uuid = () => crypto.randomUUID();
    const url = `https://acme.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${c(32, HEX)}/${uuid()}`;
    expect(secretCodes(`TEAMS_WEBHOOK=${url}`)).toContain('secret.teams_webhook');
  });
});

describe('credentials in connection strings and command lines', () => {
  it.each([
    `Driver={ODBC Driver 18 for SQL Server};Server=tcp:db.acme.io,1433;Uid=svc;Pwd=${pw()};Encrypt=yes;`,
    `Server=db01;Database=crm;User Id=sa;Password=Klym649.wjd;TrustServerCertificate=True`,
    `jdbc:sqlserver://db.acme.io:1433;databaseName=orders;user=svc;password=${pw()};encrypt=true`,
    `jdbc:postgresql://db.acme.io:5432/app?user=svc&password=${pw()}&ssl=true`,
    `jdbc:oracle:thin:scott/${pw()}@//db.acme.io:1521/ORCL`,
    `curl -u admin:${pw()} https://nexus.acme.io/repository/`,
    `docker login -u bot -p ${pw()} registry.acme.io`,
    `mysql -h db.acme.io -u app -p${pw()} < migrate.sql`,
    `sshpass -p '${pw()}' ssh deploy@10.0.0.7`,
    `PGPASSWORD=${pw()} psql -h db -U app`,
  ])('%s', (text) => {
    expect(secretCodes(text).length).toBeGreaterThan(0);
  });

  it('leaves prompts, stdin and variables alone', () => {
    for (const text of [
      'docker login -u ci --password-stdin < token.txt',
      'mysql -u app -p prompts for the password',
      'curl -u "$NEXUS_USER:$NEXUS_PASS" https://nexus.acme.io/',
      'Server=sql01;User Id=<user>;Password=<password>;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the point
      'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app',
    ])
      expect(secretCodes(text), text).toEqual([]);
  });
});

describe('password hashes', () => {
  it.each([
    ['sha512-crypt', `root:$6$${c(16, CRYPT)}$${c(86, CRYPT)}:19500:0:99999:7:::`],
    ['md5-crypt', `$1$${c(8, CRYPT)}$${c(22, CRYPT)}`],
    ['bcrypt', `admin:$2y$10$${c(53, CRYPT)}`],
    ['argon2id', `$argon2id$v=19$m=65536,t=3,p=4$${c(22)}$${c(43)}`],
    ['apr1', `metrics:$apr1$${c(8, CRYPT)}$${c(22, CRYPT)}`],
    ['ldap sha', `ops:{SSHA}${c(32)}`],
    ['pwdump', `svc_backup:1104:aad3b435b51404eeaad3b435b51404ee:${c(32, HEX)}:::`],
    ['kerberoast', `$krb5tgs$23$*svc$CORP.LOCAL$MSSQLSvc/db~1433*$${c(32, HEX)}$${c(240, HEX)}`],
    ['netntlmv2', `jdoe::CORP:${c(16, HEX)}:${c(32, HEX)}:${c(120, HEX)}`],
    ['django', `pbkdf2_sha256$600000$${c(22)}$${c(43)}=`],
    ['postgres md5', `CREATE USER app WITH PASSWORD 'md5${c(32, HEX)}';`],
    [
      'mysql native',
      `ALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '*${c(40, '0123456789ABCDEF')}';`,
    ],
  ])('%s', (_, text) => {
    expect(secretCodes(text)).toContain('secret.password_hash');
  });

  it('a described format, a template literal and an empty NT hash are not hashes', () => {
    for (const text of [
      'The hash format is `$6$<salt>$<hash>` (SHA-512 crypt).',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the point
      'const msg = `${user}: ${count} items`;',
      `guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::`,
      'argon2id with m=65536,t=3,p=4 is the default.',
    ])
      expect(secretCodes(text), text).toEqual([]);
  });
});

describe('build files, CI config and key-like names', () => {
  it.each([
    `<server>\n  <id>releases</id>\n  <username>deploy</username>\n  <password>${pw()}</password>\n</server>`,
    `<add key="ClearTextPassword" value="${pw()}" />`,
    `//registry.npmjs.org/:_authToken=${crypto.randomUUID()}`,
    `[pypi]\nusername = deploy\npassword = ${pw()}`,
    `signing.password=${pw()}`,
    `LAUNCHDARKLY_SDK_KEY=sdk-${crypto.randomUUID()}`,
    `ADMIN_KEY=${c(40, HEX)}`,
    `API_SECRET=${pw()}`,
  ])('%s', (text) => {
    expect(secretCodes(text).length).toBeGreaterThan(0);
  });

  it('ids and references under key-like names stay publishable', () => {
    for (const text of [
      `PRIMARY_KEY=${c(32, HEX)}`,
      `idempotency_key: ${crypto.randomUUID()}`,
      `request_token=${crypto.randomUUID()}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the point
      '<password>${env.MAVEN_PASSWORD}</password>',
      'cache_key = "user:1234:profile"',
      'uploadKey = "uploads/2024/06/report-81f3a9.pdf"',
    ])
      expect(secretCodes(text), text).toEqual([]);
  });
});

describe('evasion', () => {
  const token = f.githubToken();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  it.each([
    [
      'comment between literals',
      `const key = "${token.slice(0, 10)}" + // first half\n  "${token.slice(10)}";`,
    ],
    ['block comment', `const key = '${token.slice(0, 10)}' /* joined */ + '${token.slice(10)}';`],
    ['python comment', `token = ("${token.slice(0, 10)}"  # part one\n         "${token.slice(10)}")`],
    ['adjacent literals', `TOKEN="ghp_""${token.slice(4)}"`],
    ['concatenation', `t = "ghp_" + "${token.slice(4)}"`],
  ])('%s', (_, text) => {
    expect(detectSecrets(text).some((x) => x.code === 'secret.github_token' && x.evasion === 'split')).toBe(
      true,
    );
  });

  it('homoglyphs and zero-width characters inside key names and URIs', () => {
    const p = pw();
    for (const text of [
      `DB_P\u0410SSWORD=${p}`,
      `DB_PASS\u200bWORD=${p}`,
      `api_\u2060key=${c(32)}`,
      `p\u043estgres://svc:${p}@db.prod.acme.io/app`,
      `post\u200bgres://svc:${p}@db.prod.acme.io/app`,
    ])
      expect(secretCodes(text).length, JSON.stringify(text)).toBeGreaterThan(0);
  });

  it('says when the key name itself was disguised', () => {
    const found = detectSecrets(`DB_P\u0410SSWORD=${pw()}`);
    expect(found.map((x) => x.evasion)).toEqual(['unicode']);
    expect(found[0]?.message).toMatch(/lookalike or invisible/);
  });

  it('one base64 or hex layer over a whole KEY=value line', () => {
    const line = `DB_PASSWORD=${pw()}`;
    const b = `decode this: ${b64(line)}`;
    const h = `dump: ${Buffer.from(line).toString('hex')}`;
    expect(detectSecrets(b).map((x) => x.evasion)).toContain('base64');
    expect(detectSecrets(h).map((x) => x.evasion)).toContain('hex');
  });
});

describe('personal numbers in running text', () => {
  it('a Luhn-valid card without separators in a sentence', () => {
    expect(detectPii('She paid with 4539578763621486, the order ships today.').map((x) => x.code)).toEqual([
      'pii.payment_card',
    ]);
  });

  it('a card of an unlisted range when the words say card or lost', () => {
    expect(detectPii('lost card 2201382000000013 yesterday').map((x) => x.code)).toEqual([
      'pii.payment_card',
    ]);
  });

  it('lower-case IBANs, compact and grouped', () => {
    expect(detectPii('iban de89370400440532013000').map((x) => x.code)).toEqual(['pii.iban']);
    expect(detectPii('pay gb33 bukb 2020 1555 5555 55 today').map((x) => x.code)).toEqual(['pii.iban']);
  });

  it('order ids, SHAs and UUIDs stay publishable', () => {
    const text = `Order 4539578763621487 shipped; commit ${c(40, HEX)}, request ${crypto.randomUUID()}.`;
    expect(detectAll(text)).toEqual([]);
  });
});
