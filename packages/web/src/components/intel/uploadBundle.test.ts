import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { importAnswer } from './uploadBundle';

const summary = {
  id: '4b6f0a58-0f39-4c59-9d43-2f1f8c1c3d11',
  status: 'failed',
  objects: 3,
  stored: 2,
  duplicates: 0,
  invalid: 1,
  problems: [{ index: 2, path: 'created', message: 'required' }],
  error: null,
};

describe(importAnswer.name, () => {
  it('reads the summary of an import that ran, complete (200) or failed (400)', () => {
    expect(importAnswer(400, JSON.stringify(summary))).toEqual(summary);
    expect(importAnswer(200, JSON.stringify({ ...summary, status: 'complete' }))).toMatchObject({ invalid: 1 });
  });

  it('turns a refusal before the import into an ApiError with its code and fields', () => {
    const answer = importAnswer(
      400,
      JSON.stringify({
        error: { code: 'SHARING_INVALID', message: 'no', fields: [{ path: 'tlp', message: 'too wide' }] },
      }),
    );
    expect(answer).toBeInstanceOf(ApiError);
    expect(answer).toMatchObject({ status: 400, code: 'SHARING_INVALID', fields: [{ path: 'tlp' }] });
  });

  it('reports a lost connection and a body that is not JSON', () => {
    expect(importAnswer(0, '')).toMatchObject({ code: 'NETWORK' });
    expect(importAnswer(502, '<html>bad gateway</html>')).toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});
