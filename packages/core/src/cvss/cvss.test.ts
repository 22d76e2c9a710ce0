import { describe, expect, it } from 'vitest';
import aeCvss from 'ae-cvss-calculator';
import {
  buildCvssVector,
  CVSS31_BASE_METRICS,
  CVSS40_BASE_METRICS,
  CvssError,
  parseCvssVector,
  scoreCvss31,
  scoreCvss40,
} from './index.js';

describe(scoreCvss31.name, () => {
  // Examples from FIRST's "CVSS v3.1 Examples" document (each vector and score as published there).
  it.each([
    ['CVE-2013-1937 phpMyAdmin reflected XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'MEDIUM'],
    ['CVE-2013-0375 MySQL stored SQL injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'MEDIUM'],
    ['CVE-2014-3566 SSLv3 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, 'LOW'],
    ['CVE-2012-1516 VMware guest to host escape', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, 'CRITICAL'],
    ['CVE-2009-0783 Apache Tomcat XML parser', 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2, 'MEDIUM'],
    ['CVE-2014-0160 OpenSSL Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'HIGH'],
    ['CVE-2014-6271 GNU Bash Shellshock', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL'],
    ['CVE-2016-1645 Google Chrome PDFium', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8, 'HIGH'],
    ['CVE-2015-1098 Apple iWork', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, 'HIGH'],
    ['CVE-2016-0128 Windows SAM/LSAD Badlock', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N', 6.8, 'MEDIUM'],
    ['maximum, scope changed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10, 'CRITICAL'],
    ['no impact', 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N', 0, 'NONE'],
  ])('%s scores as in the specification examples', (_name, vector, score, severity) => {
    expect(scoreCvss31(vector)).toEqual({ version: '3.1', vector, baseScore: score, severity });
  });

  it('accepts metrics in any order and ignores temporal metrics for the base score', () => {
    expect(scoreCvss31('CVSS:3.1/A:N/I:L/C:L/S:C/UI:R/PR:N/AC:L/AV:N/E:P').baseScore).toBe(6.1);
  });

  it.each([
    ['AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'must start with "CVSS:3.1/"'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'must start with "CVSS:3.1/"'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L', 'Missing base metric: A'],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'Metric AV has the invalid value "X"'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'Metric AV is given more than once'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/ZZ:1', 'Unknown metric "ZZ"'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/', '"" is not a metric:value pair'],
    [`CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N${'/E:X'.repeat(70)}`, 'longer than 255'],
  ])('rejects %s with a message saying what is wrong', (vector, message) => {
    expect(() => scoreCvss31(vector)).toThrow(CvssError);
    expect(() => scoreCvss31(vector)).toThrow(message);
  });
});

describe(scoreCvss40.name, () => {
  // The FIRST CVSS v4.0 calculator scores a vector whose metrics are the highest-severity vector of its
  // macrovector with exactly the macrovector's value in the specification's lookup table (FIRST
  // cvss-v4-calculator cvss_lookup.js: 000100 → 10, 000200 → 9.3, 100100 → 9.4, 010100 → 9.5, 200100 → 8.6).
  it.each([
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, 'CRITICAL'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L', 9.3, 'CRITICAL'],
    ['CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 9.4, 'CRITICAL'],
    ['CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 9.5, 'CRITICAL'],
    ['CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 8.6, 'HIGH'],
    // FIRST's calculator: the classic network-reachable full-impact vector, no subsequent-system impact.
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'CRITICAL'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, 'NONE'],
  ])('%s scores %s', (vector, score, severity) => {
    expect(scoreCvss40(vector)).toEqual({ version: '4.0', vector, baseScore: score, severity });
  });

  it('accepts threat, environmental and supplemental metrics (specification §7 example) and scores the base', () => {
    const base = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(scoreCvss40(`${base}/E:U/CR:L/S:N/AU:N/U:Green`).baseScore).toBe(9.3);
  });

  it.each([
    ['CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N', 'Metric AV has the invalid value "F"'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X', 'Metric E is given more than once'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N', 'Unknown metric "ui"'],
    ['AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N', 'must start with "CVSS:4.0/"'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N', 'Missing base metric: VA'],
    ['CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N', 'Metric AV is out of order'],
  ])('rejects %s (specification §7 invalid examples)', (vector, message) => {
    expect(() => scoreCvss40(vector)).toThrow(CvssError);
    expect(() => scoreCvss40(vector)).toThrow(message);
  });
});

describe(buildCvssVector.name, () => {
  it('builds a vector in specification order that parses back to the same values', () => {
    const values = {
      SA: 'N',
      SI: 'N',
      SC: 'N',
      VA: 'H',
      VI: 'H',
      VC: 'H',
      UI: 'N',
      PR: 'N',
      AT: 'N',
      AC: 'L',
      AV: 'N',
    };
    const vector = buildCvssVector('4.0', values);
    expect(vector).toBe('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    expect(parseCvssVector('4.0', vector)).toEqual(values);
    expect(buildCvssVector('3.1', { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'N', A: 'N', E: 'X' })).toBe(
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
    );
  });

  it('refuses a missing base metric or an unknown metric', () => {
    expect(() => buildCvssVector('3.1', { AV: 'N' })).toThrow('Missing base metrics: AC, PR, UI, S, C, I, A');
    expect(() => buildCvssVector('4.0', { XX: 'N' })).toThrow('Unknown metric "XX"');
  });

  it('describes every base metric in both languages', () => {
    for (const m of [...CVSS31_BASE_METRICS, ...CVSS40_BASE_METRICS]) {
      expect(m.required).toBe(true);
      expect(m.name.en && m.name.ja).toBeTruthy();
      for (const v of m.values) expect(v.name.en && v.name.ja).toBeTruthy();
    }
  });
});

describe('CVSS 3.1 against an independent implementation', () => {
  it('gives the same base score as ae-cvss-calculator for every one of the 2,592 base vectors', () => {
    let vectors = [''];
    for (const metric of CVSS31_BASE_METRICS) {
      vectors = vectors.flatMap((prefix) => metric.values.map((v) => `${prefix}/${metric.key}:${v.key}`));
    }
    expect(vectors).toHaveLength(2592);
    const differ = vectors
      .map((tail) => `CVSS:3.1${tail}`)
      .filter((vector) => scoreCvss31(vector).baseScore !== new aeCvss.Cvss3P1(vector).calculateScores().base);
    expect(differ).toEqual([]);
  });
});
