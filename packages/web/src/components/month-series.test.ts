import { describe, expect, it } from 'vitest';
import { fillMonths } from './month-series';

describe(fillMonths.name, () => {
  it('fills the months between entries with zero, across a year end', () => {
    expect(
      fillMonths([
        { month: '2023-01', count: 1 },
        { month: '2022-11', count: 2 },
      ]),
    ).toEqual([
      { month: '2022-11', count: 2 },
      { month: '2022-12', count: 0 },
      { month: '2023-01', count: 1 },
    ]);
  });

  it('returns nothing for no entries and drops malformed months', () => {
    expect(fillMonths([])).toEqual([]);
    expect(fillMonths([{ month: 'soon', count: 3 }])).toEqual([]);
    expect(fillMonths([{ month: '2022-09', count: 4 }])).toEqual([{ month: '2022-09', count: 4 }]);
  });
});
