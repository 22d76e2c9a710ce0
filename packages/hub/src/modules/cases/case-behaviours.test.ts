import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = { cookie: string; 'x-csrf-token': string };

describe('editing a behaviour', () => {
  let hub: TestHub;
  let analyst: Headers;
  let viewer: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    const orgId = (await hub.org('editors')).id;
    await hub.user('ana@editors.example', { memberships: [{ orgId, role: 'analyst' }] });
    await hub.user('view@editors.example', { memberships: [{ orgId, role: 'viewer' }] });
    analyst = await hub.signIn('ana@editors.example');
    viewer = await hub.signIn('view@editors.example');
  });
  afterAll(async () => hub.dispose());

  async function caseWithBehaviour() {
    const created = (
      await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: analyst,
        payload: { environmentCode: 'CL12', startDate: '2022-09-07', malwareFamily: 'NanoCore' },
      })
    ).json();
    const behaviour = (
      await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${created.id}/behaviours`,
        headers: analyst,
        payload: {
          occurredAt: '2022-09-07T14:10:00+09:00',
          category: 'command',
          action: 'Ran systeminfo',
          actionJa: 'systeminfo を実行',
          techniqueIds: ['T1082'],
          notes: 'seen in the recording',
          notesJa: '録画で確認',
        },
      })
    ).json();
    return { caseId: created.id as string, behaviourId: behaviour.id as string };
  }

  it('changes only the fields sent, keeps the rest and refreshes the suggestion', async () => {
    const { caseId, behaviourId } = await caseWithBehaviour();
    const response = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}/behaviours/${behaviourId}`,
      headers: analyst,
      payload: { category: 'privilege_escalation' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      category: 'privilege_escalation',
      actionJa: 'systeminfo を実行',
      techniqueIds: ['T1082'],
      notes: 'seen in the recording',
      notesJa: '録画で確認',
    });
    const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: analyst })).json();
    expect(detail.suggestion.level).toBe(7);
    expect(detail.suggestion.reasons.map((r: { ja: string }) => r.ja)).toContain('行動「権限昇格」（T1082）');
  });

  it('answers an unknown technique with 400 naming the field', async () => {
    const { caseId, behaviourId } = await caseWithBehaviour();
    const response = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}/behaviours/${behaviourId}`,
      headers: analyst,
      payload: { techniqueIds: ['T9999'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('UNKNOWN_TECHNIQUE');
  });

  it('refuses a viewer, who may read the case but not change it', async () => {
    const { caseId, behaviourId } = await caseWithBehaviour();
    const response = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}/behaviours/${behaviourId}`,
      headers: viewer,
      payload: { notes: 'changed' },
    });
    expect(response.statusCode).toBe(403);
  });
});
