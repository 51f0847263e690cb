import { describe, expect, it } from 'vitest';
import { detectLinks, linkKey, normalizeUrl } from '../../../src/governance/detect/index.ts';

const values = (text: string) =>
  detectLinks(text).map((f) => [f.code, f.value, text.slice(f.span[0], f.span[1])]);

describe('links', () => {
  it('reports every link with a normalized value', () => {
    const text =
      'See https://Docs.Example.COM/Guide/ and http://acme.io/x?y=1#z, www.GitHub.com/acme, ftp://files.acme.io/a, status.acme.dev.';
    expect(values(text)).toEqual([
      ['link.url', 'https://docs.example.com/Guide', 'https://Docs.Example.COM/Guide/'],
      ['link.url', 'http://acme.io/x?y=1#z', 'http://acme.io/x?y=1#z'],
      ['link.url', 'www.github.com/acme', 'www.GitHub.com/acme'],
      ['link.url', 'ftp://files.acme.io/a', 'ftp://files.acme.io/a'],
      ['link.url', 'status.acme.dev', 'status.acme.dev'],
    ]);
    for (const f of detectLinks(text)) expect(f).toMatchObject({ category: 'link', severity: 'medium' });
  });

  it('reads Slack and markdown link markup', () => {
    expect(values('<https://acme.io/runbook|runbook> and [docs](https://docs.acme.io/a_(b)) done')).toEqual([
      ['link.url', 'https://acme.io/runbook', 'https://acme.io/runbook'],
      ['link.url', 'https://docs.acme.io/a_(b)', 'https://docs.acme.io/a_(b)'],
    ]);
  });

  it('flags link text that shows a different host', () => {
    const codes = detectLinks('<https://evil.example.net/login|accounts.google.com>').map((f) => f.code);
    expect(codes).toContain('link.deceptive_label');
    const md = detectLinks('[https://github.com/acme](https://github.com.evil.io/acme)').map((f) => f.code);
    expect(md).toContain('link.deceptive_label');
  });

  it('trims trailing punctuation and parentheses around a URL', () => {
    expect(values('(see https://acme.io/a.)')).toEqual([
      ['link.url', 'https://acme.io/a', 'https://acme.io/a'],
    ]);
  });

  it('does not report e-mail domains, file names, code or shouting acronyms', () => {
    for (const text of [
      'mail priya@acme.io',
      'edit README.md and package.json, then index.ts',
      'const x = this.config.get(key); obj.status.code = 2;',
      'we use ASP.NET here',
      'e.g. the U.S. office',
      'postgres://user@db.internal/app',
    ]) {
      expect(
        detectLinks(text).filter((f) => f.code === 'link.url'),
        text,
      ).toEqual([]);
    }
  });

  it('gives a lookalike host its punycode value and a high-severity code', () => {
    const text = 'log in at https://gооgle.com/security now'; // Cyrillic "оо"
    const [hit] = detectLinks(text);
    expect(hit).toMatchObject({
      code: 'link.lookalike_domain',
      severity: 'high',
      value: 'https://xn--ggle-55da.com/security',
    });
    expect(text.slice(hit!.span[0], hit!.span[1])).toBe('https://gооgle.com/security');
  });

  it('exposes helpers to compare links', () => {
    expect(normalizeUrl('HTTPS://Acme.IO/Path/')).toBe('https://acme.io/Path');
    expect(linkKey('https://www.acme.io/a/')).toBe(linkKey('acme.io/a'));
  });

  it('leaves local and private-use hosts out, keeps example domains', () => {
    expect(detectLinks('see http://localhost:3000 and https://api.internal/v1 and http://nas.lan')).toEqual(
      [],
    );
    expect(detectLinks('claim it at https://dlscord-gifts.example/claim').map((f) => f.value)).toEqual([
      'https://dlscord-gifts.example/claim',
    ]);
  });
});
