import { describe, expect, it } from 'vitest';
import { newCertificateCode, parseCertificateCode } from './certificate-code.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe(parseCertificateCode.name, () => {
  it('reads back every new code, typed in any case, with spaces or without hyphens, O for 0 and I or L for 1', () => {
    for (let i = 0; i < 200; i++) {
      const code = newCertificateCode();
      expect(code).toMatch(/^CYNX(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z*~$=U]$/);
      expect(parseCertificateCode(code)).toEqual({ ok: true, code });
      expect(parseCertificateCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toEqual({ ok: true, code });
      expect(parseCertificateCode(code.replaceAll('-', ''))).toEqual({ ok: true, code });
    }
    const zeros = newCertificateCode(() => 0);
    expect(parseCertificateCode(zeros.replace('CYNX-00000', 'CYNX-OOOOO'))).toEqual({ ok: true, code: zeros });
    const ones = newCertificateCode(() => 1);
    expect(parseCertificateCode(ones.replace('CYNX-11111', 'CYNX-IlLi1'))).toEqual({ ok: true, code: ones });
  });

  it('tells every single wrong character and every swap of neighbours as a typo', () => {
    const code = newCertificateCode();
    const chars = [...code];
    const dataAt = chars.flatMap((c, i) => (i > 4 && c !== '-' ? [i] : []));
    for (const i of dataAt.slice(0, -1)) {
      for (const replacement of ALPHABET) {
        if (replacement === chars[i]) continue;
        const changed = chars.with(i, replacement).join('');
        expect(parseCertificateCode(changed), changed).toMatchObject({ ok: false, problem: 'check' });
      }
    }
    const compact = code.replaceAll('-', '');
    for (let i = 4; i < compact.length - 2; i++) {
      if (compact[i] === compact[i + 1]) continue;
      const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2);
      expect(parseCertificateCode(swapped), swapped).toMatchObject({ ok: false, problem: 'check' });
    }
  });

  it('calls anything of the wrong shape malformed', () => {
    for (const input of [
      '',
      'CYNX',
      'CYNX-12345',
      'ABCD-00000-00000-00000-00000-0',
      'CYNX-0000U-00000-00000-00000-0',
      'x'.repeat(100),
    ]) {
      expect(parseCertificateCode(input), input).toMatchObject({ ok: false, problem: 'malformed' });
    }
  });
});
