import { describe, expect, it } from 'vitest';
import { objectivesMet } from './objectives-met.js';

const OBJECTIVES = ['probe-read', 'probe-write'] as const;

describe(objectivesMet.name, () => {
  it('marks each objective an exploit event names, and none before any event', () => {
    expect(objectivesMet(OBJECTIVES, [])).toEqual({ 'probe-read': false, 'probe-write': false });
    const events = [
      { type: 'exploit', objective: 'probe-write', detail: 'wrote' },
      { type: 'exploit', objective: 'probe-write', detail: 'again' },
    ];
    expect(objectivesMet(OBJECTIVES, events)).toEqual({ 'probe-read': false, 'probe-write': true });
  });

  it('ignores other event types, unknown objectives and lines that are not objects', () => {
    const events = [
      { type: 'info', objective: 'probe-read' },
      { type: 'exploit', objective: 'toString' },
      { type: 'exploit', objective: '__proto__' },
      null,
      'exploit probe-read',
      42,
    ];
    const met = objectivesMet(OBJECTIVES, events);
    expect(met).toEqual({ 'probe-read': false, 'probe-write': false });
    expect(Object.keys(met)).toEqual(['probe-read', 'probe-write']);
  });
});
