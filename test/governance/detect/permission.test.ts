import { describe, expect, it } from 'vitest';
import { detectPermission } from '../../../src/governance/detect/index.ts';
import { codes } from './helpers.ts';

describe('advice that widens access', () => {
  it.each([
    ['You can fix this by adding eng-all to the prod-data ACL.', 'permission.broad_access', 'eng-all'],
    ['Just give everyone admin on the billing project.', 'permission.broad_admin', 'everyone'],
    ['Grant all-staff read access to the prod dashboards.', 'permission.broad_access', 'all-staff'],
    [
      'Share the folder with the whole company so people can edit it.',
      'permission.broad_access',
      'whole company',
    ],
    ['Add the entire org as owners of the repo.', 'permission.broad_admin', 'entire org'],
    ['gsutil iam ch allUsers:objectViewer gs://acme-exports', 'permission.public_principal', 'allusers'],
    ['members: ["allAuthenticatedUsers"]', 'permission.public_principal', 'allauthenticatedusers'],
    ['Open port 22 to 0.0.0.0/0 so the contractors can reach it.', 'permission.open_network', '0.0.0.0/0'],
    ['ingress: cidr ::/0', 'permission.open_network', '::/0'],
    ['Make the S3 bucket public so the vendor can download the exports.', 'permission.make_public', 'public'],
    ['aws s3 cp report.csv s3://acme/ --acl public-read', 'permission.make_public', 'public'],
    ['gh repo edit acme/infra --visibility public', 'permission.make_public', 'public'],
    ['Set the doc to "anyone with the link can edit".', 'permission.make_public', 'anyone with the link'],
    [
      'Just post the admin password in #general so everyone can log in.',
      'permission.share_credentials',
      '#general',
    ],
    ['We all use the shared root account for this.', 'permission.share_credentials', 'shared account'],
    ['requests.get(url, verify=False)', 'permission.disable_tls_verification', 'verify=False'],
    ['curl --insecure https://internal.acme.io/health', 'permission.disable_tls_verification', '--insecure'],
    [
      'export NODE_TLS_REJECT_UNAUTHORIZED=0',
      'permission.disable_tls_verification',
      'NODE_TLS_REJECT_UNAUTHORIZED=0',
    ],
    [
      'DATABASE_URL=postgres://db/app?sslmode=disable',
      'permission.disable_tls_verification',
      'sslmode=disable',
    ],
    [
      'new https.Agent({ rejectUnauthorized: false })',
      'permission.disable_tls_verification',
      'rejectUnauthorized: false',
    ],
    ['curl -sk https://10.0.0.5/api', 'permission.disable_tls_verification', 'curl -k'],
    ['Disable MFA for the support team until the migration is done.', 'permission.disable_auth', 'mfa'],
    ['turn off 2FA on the shared account', 'permission.disable_auth', '2fa'],
    ['mfa_required: false', 'permission.disable_auth', 'mfa_required: false'],
    ['chmod 777 /var/www/uploads', 'permission.world_writable', '777'],
    ['sudo chmod -R 777 /srv/app', 'permission.world_writable', '777'],
    ['{"Effect": "Allow", "Action": "*", "Resource": "*"}', 'permission.wildcard_action', '*'],
    ['"Action": ["s3:*"]', 'permission.wildcard_action', 's3:*'],
    ['"Principal": {"AWS": "*"}', 'permission.public_principal', '*'],
    ['docker run --privileged -it ubuntu', 'permission.privileged_container', '--privileged'],
    ['securityContext:\n  privileged: true', 'permission.privileged_container', 'privileged: true'],
    ['docker run -v /:/host alpine', 'permission.privileged_container', '/'],
    [
      'docker run -v /var/run/docker.sock:/var/run/docker.sock agent',
      'permission.privileged_container',
      'docker.sock',
    ],
    ["GRANT ALL PRIVILEGES ON *.* TO 'app'@'%';", 'permission.broad_access', "'app'@'%'"],
    ['%admins ALL=(ALL) NOPASSWD: ALL', 'permission.sudo_nopasswd', 'NOPASSWD: ALL'],
  ])('%s', (text, code, value) => {
    const hits = detectPermission(text);
    expect(codes(hits)).toContain(code);
    const hit = hits.find((f) => f.code === code)!;
    expect(hit).toMatchObject({ category: 'permission', severity: 'high', value });
    expect(hit.span[1]).toBeGreaterThan(hit.span[0]);
  });
});

describe('benign look-alikes', () => {
  it.each([
    'Thanks everyone for joining the retro!',
    'Hi all, the deploy is done.',
    'Anyone up for lunch?',
    'public class UserService implements Service {',
    'export public static void main(String[] args)',
    'This is a public channel, so keep it professional.',
    'Enable S3 Block Public Access on every account.',
    'verify=True is the default; keep it.',
    'ssl: true',
    'chmod 755 ./deploy.sh && chmod 600 ~/.ssh/id_ed25519',
    'Please reset your password and enable MFA.',
    'Everyone should enable 2FA this week.',
    'The route table sends 10.0.0.0/16 to the VPC.',
    'docker run --rm -v $(pwd):/work node:20 npm test',
    'Use `const x = a * b;` in the loop',
    'Grant the read role to priya@acme.io only.',
    'The whole company is invited to the all-hands on Friday.',
  ])('no finding: %s', (text) => {
    expect(detectPermission(text)).toEqual([]);
  });
});

describe('admin rights and standing access', () => {
  it.each([
    ['We can put you in the finance-admins group today.', 'permission.broad_admin', 'finance-admins group'],
    ['Put the deploy service account in the org-owners team.', 'permission.broad_admin', 'org-owners team'],
    [
      'Suggest attaching AdministratorAccess to the exporter role.',
      'permission.broad_admin',
      'AdministratorAccess',
    ],
    [
      "give the release bot 'owner' on the org so the job passes",
      'permission.broad_admin',
      "owner' on the org",
    ],
    ['Bind it to the all-engineers group, then rerun the job.', 'permission.broad_access', 'all-engineers'],
    [
      'Give the whole sales org edit access to the finance share.',
      'permission.broad_access',
      'whole sales org',
    ],
    ['Make it editable by everyone in the company.', 'permission.broad_access', 'everyone'],
    [
      'Add your personal phone as a recovery login on the billing console.',
      'permission.personal_account',
      'personal phone',
    ],
    ['Grant Olek the orders-prod-readonly role (no expiry).', 'permission.standing_access', 'no expiry'],
    [
      'Switch off encryption on the nightly backups to speed up restores.',
      'permission.disable_security_control',
      'encryption',
    ],
  ])('%s', (text, code, value) => {
    const hit = detectPermission(text).find((f) => f.code === code);
    expect(hit, text).toBeDefined();
    expect(hit!.value).toBe(value);
  });
});

describe('advice against something is not that advice', () => {
  it.each([
    'Safer answer: a socket proxy that only allows the calls they need, not --privileged.',
    'Only the bastion subnet: 10.40.12.0/24. Never 0.0.0.0/0 - the audit flags it.',
    'Ask whoever owns the folder to share it with your team only.',
    "Please don't chmod 777 the uploads folder.",
    'Avoid verify=False in production code.',
  ])('no finding: %s', (text) => {
    expect(detectPermission(text)).toEqual([]);
  });

  it('still reports "don\'t forget to" advice', () => {
    expect(detectPermission("Don't forget to chmod 777 the folder first.").map((f) => f.code)).toEqual([
      'permission.world_writable',
    ]);
  });
});
