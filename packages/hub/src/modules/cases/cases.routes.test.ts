import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

describe('cases routes', () => {
  let hub: TestHub;
  let orgId: string;
  let headers: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    hub = await startTestHub();
    orgId = (await hub.org('observers')).id;
    await hub.user('ana@observers.example', { memberships: [{ orgId, role: 'analyst' }] });
    headers = await hub.signIn('ana@observers.example');
  });
  afterAll(async () => hub.dispose());

  const newCase = (extra: Record<string, unknown> = {}) => ({
    environmentCode: 'CL12',
    startDate: '2022-09-07',
    endDate: '2022-09-09',
    malwareFamily: 'NanoCore',
    sampleName: 'Nanocore',
    summaryEn: 'first stage NanoCore, second stage Formbook',
    facts: { executed: true, c2: 'established' },
    ...extra,
  });

  it('creates a case with a generated NICT-style id and the suggested level', async () => {
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: newCase() });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.caseId).toMatch(/^220907_CL12_\d{3}$/);
    expect(created.progressLevel).toBe(4);
    expect(created.marking).toBe('AMBER');
    expect(created.scope).toBe('organisation');
  });

  it('records behaviours with ATT&CK techniques and raises the suggested level', async () => {
    const created = (
      await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: newCase() })
    ).json();
    const add = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${created.id}/behaviours`,
      headers,
      payload: {
        occurredAt: '2022-09-07T10:15:00+09:00',
        category: 'account_information',
        action: 'stole passwords saved in the browser',
        techniqueIds: ['T1555.003'],
      },
    });
    expect(add.statusCode).toBe(201);
    const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers })).json();
    expect(detail.behaviours).toHaveLength(1);
    expect(detail.techniques[0]).toMatchObject({ id: 'T1555.003', name: 'Credentials from Web Browsers' });
    expect(detail.suggestion.level).toBe(6);
    expect(detail.case.suggestedLevel).toBe(6);
  });

  it('refuses unknown technique ids with 400 and stores nothing', async () => {
    const created = (
      await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: newCase() })
    ).json();
    const add = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${created.id}/behaviours`,
      headers,
      payload: {
        occurredAt: '2022-09-07T10:15:00+09:00',
        category: 'command',
        action: 'ran whoami',
        techniqueIds: ['T9999'],
      },
    });
    expect(add.statusCode).toBe(400);
    expect(add.json().error.code).toBe('UNKNOWN_TECHNIQUE');
    const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers })).json();
    expect(detail.behaviours).toHaveLength(0);
  });

  it('answers invalid input with 400 naming the fields', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: newCase({ startDate: 'yesterday', progressLevel: 9 }),
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['startDate', 'progressLevel']));
  });

  it('answers malformed JSON with 400', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"environmentCode": ',
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses a scope wider than the marking allows', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: newCase({ scope: 'public', marking: 'GREEN' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('SHARING_INVALID');
    expect(response.json().error.fields[0].path).toBe('scope');
  });

  it('requires a reason to override the level and keeps it in the history', async () => {
    const created = (
      await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: newCase() })
    ).json();
    const noReason = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers,
      payload: { progressLevel: 5 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('LEVEL_REASON_REQUIRED');
    const withReason = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers,
      payload: { progressLevel: 5, progressLevelReason: 'operator browsed the desktop in the recording' },
    });
    expect(withReason.statusCode).toBe(200);
    const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers })).json();
    expect(detail.levelHistory.map((h: { toLevel: number }) => h.toLevel)).toEqual([4, 5]);
    expect(detail.levelHistory[1].reason).toBe('operator browsed the desktop in the recording');
  });

  it('says "not yet assessed" (null) while nothing is recorded, and suggests once a fact is', async () => {
    const created = (
      await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: newCase({ facts: {} }) })
    ).json();
    expect(created.suggestedLevel).toBeNull();
    const before = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers })).json();
    expect(before.suggestion).toBeNull();
    expect(before.levelHistory[0].suggestedLevel).toBeNull();
    await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers,
      payload: { facts: { executed: false } },
    });
    const after = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, headers })).json();
    expect(after.suggestion.level).toBe(1);
    expect(after.case.suggestedLevel).toBe(1);
  });

  it('fills an empty environment name from the name the organisation already uses for that code', async () => {
    const named = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: newCase({
        environmentCode: 'KN7',
        environmentName: 'KN7 decoy office',
        environmentNameJa: 'KN7 おとり事務所環境',
      }),
    });
    expect(named.statusCode).toBe(201);
    const unnamed = (
      await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers,
        payload: newCase({ environmentCode: 'KN7' }),
      })
    ).json();
    expect(unnamed).toMatchObject({ environmentName: 'KN7 decoy office', environmentNameJa: 'KN7 おとり事務所環境' });
    const unknown = (
      await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers,
        payload: newCase({ environmentCode: 'NEW1' }),
      })
    ).json();
    expect(unknown.environmentName).toBe('');
    const given = (
      await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers,
        payload: newCase({ environmentCode: 'KN7', environmentName: 'KN7 renamed' }),
      })
    ).json();
    expect(given.environmentName).toBe('KN7 renamed');
  });

  it('refuses writes without the CSRF header', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: headers.cookie },
      payload: newCase(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_FAILED');
  });
});
