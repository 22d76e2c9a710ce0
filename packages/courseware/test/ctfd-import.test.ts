import { describe, expect, it } from 'vitest';
import { importCtfdChallenge } from '../src/index.js';

/** Like the example in CTFd's ctfcli spec (ctfcli/spec/challenge-example.yml), with a NICE tag. */
const CHALLENGE = `name: "Header hunt"
author: "author"
category: web
description: Find the flag the server sends in a response header.
value: 100
type: standard
image: null
host: null
attempts: 5
flags:
    - cynex{x-flag-header}
tags:
    - web
    - nice:K0070_3
files:
    - dist/source.py
hints:
    - {
        content: "This hint costs points",
        cost: 10
    }
    - This hint is free
requirements:
    - "Warmup"
state: hidden
version: "0.1"
`;

describe(importCtfdChallenge.name, () => {
  it('imports a standard challenge with one static flag as a flag item', () => {
    const { item, errors, notes } = importCtfdChallenge(CHALLENGE, { ksa: ['K0001_2'] });
    expect(errors).toEqual([]);
    expect(item).toEqual({
      id: 'ctfd-header-hunt',
      kind: 'flag',
      ksa: ['K0001_2', 'K0070_3'],
      points: 100,
      prompt: { en: 'Find the flag the server sends in a response header.' },
      answer: 'cynex{x-flag-header}',
    });
    expect(notes).toEqual([
      'tags left out: web',
      'hints left out (2): a quiz item has no hints',
      'files left out (1): a quiz item has no files',
    ]);
  });

  it('turns several or case-insensitive static flags into a short answer; dynamic scoring into its initial value', () => {
    const yaml = `name: 端末
description: コマンド名は？
type: dynamic
extra: { initial: 500, decay: 10, minimum: 100 }
flags:
  - { type: static, content: "tcpdump ", data: case_insensitive }
  - { type: static, content: tshark }
`;
    const { item, errors } = importCtfdChallenge(yaml, { ksa: ['S0046_3'], lang: 'ja' });
    expect(errors).toEqual([]);
    expect(item).toEqual(
      expect.objectContaining({
        id: 'ctfd-challenge',
        kind: 'short',
        points: 500,
        prompt: { ja: 'コマンド名は？' },
        answer: ['tcpdump', 'tshark'],
      }),
    );
  });

  it('imports a multiple_choice challenge as a single-choice item', () => {
    const yaml = `name: Port
type: multiple_choice
value: 10
description: |
  Which port does HTTPS use?
  * () 80
  * () 443
  * () 22
flags: ["443"]
tags: [nice:K0221_2]
`;
    const { item, errors } = importCtfdChallenge(yaml);
    expect(errors).toEqual([]);
    expect(item).toEqual(
      expect.objectContaining({
        kind: 'single',
        prompt: { en: 'Which port does HTTPS use?' },
        options: [
          { id: 'a', text: { en: '80' } },
          { id: 'b', text: { en: '443' } },
          { id: 'c', text: { en: '22' } },
        ],
        answer: 'b',
        ksa: ['K0221_2'],
      }),
    );
  });

  it('refuses regex flags with the line of the flag', () => {
    const yaml = 'name: R\ndescription: d\nvalue: 5\nflags:\n  - { type: regex, content: "cynex\\\\{.*\\\\}" }\n';
    const { item, errors } = importCtfdChallenge(yaml, { ksa: ['K0001_1'] });
    expect(item).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ code: 'CTFD_REGEX_FLAG', file: 'challenge.yml', line: 5 })]);
  });

  it('reports unknown KSA ids, bad levels, no KSA at all and no flag', () => {
    const tagged = importCtfdChallenge('name: T\nvalue: 1\nflags: [f]\ntags:\n  - nice:K9999_1\n  - nice:K0001_8\n');
    expect(tagged.errors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_KSA', line: 5, message: 'unknown NICE id K9999 in "tags"' }),
      expect.objectContaining({ code: 'BAD_KSA_LEVEL', line: 6 }),
    ]);
    expect(importCtfdChallenge('name: T\nvalue: 1\nflags: [f]\n').errors[0]?.message).toContain('no KSA');
    expect(importCtfdChallenge('name: T\nvalue: 1\n', { ksa: ['K0001_1'] }).errors[0]?.code).toBe('CTFD_NO_FLAG');
  });
});
