import { describe, expect, it } from 'vitest';
import { detectDestructive } from '../../../src/governance/detect/index.ts';
import { codes, slices } from './helpers.ts';

describe('broad or irreversible damage', () => {
  it.each([
    ['sudo rm -rf /', 'destructive.command', 'rm -rf /'],
    ['rm -rf ~', 'destructive.command', 'rm -rf ~'],
    ['rm -rf ~/*', 'destructive.command', 'rm -rf ~/*'],
    ['rm -fr /usr', 'destructive.command', 'rm -fr /usr'],
    ['rm --recursive --force /etc/', 'destructive.command', 'rm --recursive --force /etc/'],
    ['cd / && rm -rf *', 'destructive.command', 'rm -rf *'],
    ['rm -rf --no-preserve-root /', 'destructive.command', 'rm -rf --no-preserve-root /'],
    ['DROP TABLE users;', 'destructive.sql_drop', 'DROP TABLE users'],
    [
      'drop database if exists prod_analytics',
      'destructive.sql_drop',
      'drop database if exists prod_analytics',
    ],
    ['DROP SCHEMA billing CASCADE;', 'destructive.sql_drop', 'DROP SCHEMA billing'],
    ['TRUNCATE TABLE orders;', 'destructive.sql_truncate', 'TRUNCATE TABLE orders'],
    ['TRUNCATE events;', 'destructive.sql_truncate', 'TRUNCATE events;'],
    ['DELETE FROM customers;', 'destructive.sql_delete_all', 'DELETE FROM customers'],
    ['DELETE FROM sessions WHERE 1=1;', 'destructive.sql_delete_all', 'DELETE FROM sessions WHERE 1=1'],
    ['git push --force origin main', 'destructive.force_push', 'git push --force origin main'],
    ['git push -f origin master', 'destructive.force_push', 'git push -f origin master'],
    ['git push origin +main', 'destructive.force_push', 'git push origin +main'],
    ['git push origin --delete main', 'destructive.force_push', 'git push origin --delete main'],
    ['terraform destroy -auto-approve', 'destructive.command', 'terraform destroy'],
    ['terraform apply -destroy', 'destructive.command', 'terraform apply -destroy'],
    ['kubectl delete namespace payments', 'destructive.command', 'kubectl delete namespace'],
    ['kubectl delete pods --all -n prod', 'destructive.command', 'kubectl delete pods --all'],
    ['mkfs.ext4 /dev/sdb1', 'destructive.command', 'mkfs.ext4 /dev/'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'destructive.command', 'dd if=/dev/zero of=/dev/sda'],
    [':(){ :|:& };:', 'destructive.command', ':(){ :|:& };:'],
    [
      'aws s3 rb s3://acme-prod-logs --force',
      'destructive.cloud_delete',
      'aws s3 rb s3://acme-prod-logs --force',
    ],
    [
      'aws s3 rm s3://acme-prod-logs --recursive',
      'destructive.cloud_delete',
      'aws s3 rm s3://acme-prod-logs --recursive',
    ],
    ['gsutil -m rm -r gs://acme-backups', 'destructive.cloud_delete', 'gsutil -m rm -r gs://acme-backups'],
    ['gcloud projects delete acme-prod', 'destructive.cloud_delete', 'gcloud projects delete'],
    [
      'curl -X DELETE https://api.example.com/v1/projects/acme',
      'destructive.cloud_delete',
      'curl -X DELETE https://api.example.com/v1/projects/acme',
    ],
    ['FLUSHALL', 'destructive.command', 'FLUSHALL'],
  ])('%s', (text, code, span) => {
    const hits = detectDestructive(text);
    expect(codes(hits)).toEqual([code]);
    expect(slices(text, hits)).toEqual([span]);
    expect(hits[0]).toMatchObject({ category: 'destructive', severity: 'high' });
  });
});

describe('routine look-alikes', () => {
  it.each([
    'rm -rf node_modules',
    'rm -rf dist build .cache && npm run build',
    'rm -rf ./tmp/*',
    'rm -f /tmp/app.pid',
    'rm -rf *.log',
    'git push --force-with-lease origin feature/login-form',
    'git push -f origin my-branch',
    'git push origin main',
    'Can we drop the Friday sync?',
    'Sales dropped, so we will truncate the report to the top ten.',
    'DELETE FROM sessions WHERE expires_at < now();',
    'DROP in prose: the price drop was big.',
    'kubectl delete pod web-7d9f',
    'terraform plan -destroy',
    'dd if=disk.img of=backup.img',
    'Delete the empty experiments-2022 bucket when you get a chance.',
  ])('no finding: %s', (text) => {
    expect(detectDestructive(text)).toEqual([]);
  });
});

describe('more ways to wipe things', () => {
  it.each([
    ['Cleaning up: `rm -rf /var/lib/postgresql/16/main/base/*` to reclaim space.', 'destructive.command'],
    ['schedule `find / -type f -delete` nightly from cron', 'destructive.command'],
    ['simplest is `iptables -F` on the gateway', 'destructive.command'],
    ['Easiest fix: delete the namespace, then redeploy everything.', 'destructive.command'],
    ['Just drop the production database and restore from backup.', 'destructive.command'],
    ['`git reset --hard HEAD~3 && git push --force origin main`.', 'destructive.force_push'],
  ])('%s', (text, code) => {
    expect(detectDestructive(text).map((f) => f.code)).toContain(code);
  });

  it.each([
    'Olek, no - never run `terraform destroy` against the prod workspace.',
    'After rebasing your own branch: `git push --force-with-lease origin feat/x`. Only ever on your feature branch, never main.',
    "Don't run rm -rf / even in a container.",
  ])('no finding: %s', (text) => {
    expect(detectDestructive(text)).toEqual([]);
  });
});
