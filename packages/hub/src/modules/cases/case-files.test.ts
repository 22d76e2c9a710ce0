import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { multipart } from '../../../test/multipart.js';

type Headers = { cookie: string; 'x-csrf-token': string };

interface CaseFile {
  id: string;
  kind: 'sample' | 'attachment';
  behaviourId: string | null;
  filename: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
  uploadedAt: string;
}

const digest = (algorithm: 'md5' | 'sha1' | 'sha256', bytes: Buffer) =>
  createHash(algorithm).update(bytes).digest('hex');

/** Every regular file under a directory, with its mode. */
async function filesUnder(dir: string): Promise<{ path: string; mode: number }[]> {
  const found: { path: string; mode: number }[] = [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    found.push({ path: full, mode: (await fs.stat(full)).mode });
  }
  return found;
}

describe('case files, comments and notifications', () => {
  let hub: TestHub;
  let adminHeaders: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.user('root@platform.example', { platformAdmin: true });
    adminHeaders = await hub.signIn('root@platform.example');
  });
  afterAll(async () => hub.dispose());

  const blobsDir = () => path.join(hub.config.dataDir, 'blobs');

  /** An organisation with a signed-in analyst and one organisation-scoped case. */
  const caseFor = async (target: TestHub, slug: string) => {
    const org = await target.org(slug);
    const analystId = await target.user(`analyst@${slug}.example`, {
      memberships: [{ orgId: org.id, role: 'analyst' }],
    });
    const headers = await target.signIn(`analyst@${slug}.example`);
    const created = await target.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'FIL1', startDate: '2023-02-01', malwareFamily: 'NanoCore' },
    });
    expect(created.statusCode).toBe(201);
    const theCase = created.json<{ id: string; caseId: string }>();
    return { org, analystId, headers, caseId: theCase.id, caseRef: theCase.caseId };
  };

  const upload = (
    target: TestHub,
    headers: Record<string, string>,
    caseId: string,
    content: Buffer,
    fields: Record<string, string> = { kind: 'sample' },
    filename = 'x.bin',
  ) => {
    const body = multipart(fields, { filename, content });
    return target.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/files`,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  const filesOf = async (target: TestHub, headers: Record<string, string>, caseId: string) => {
    const response = await target.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers });
    expect(response.statusCode).toBe(200);
    return response.json<{ files: CaseFile[] }>().files;
  };

  describe('uploads and downloads', () => {
    it('answers an upload with the MD5, SHA-1 and SHA-256 of the bytes, and lists the file on the case', async () => {
      const { headers, caseId } = await caseFor(hub, 'files-hash');
      const content = randomBytes(5000);
      const response = await upload(hub, headers, caseId, content, { kind: 'sample' }, 'dropper.exe');
      expect(response.statusCode).toBe(201);
      const file = response.json<CaseFile>();
      expect(file).toMatchObject({
        kind: 'sample',
        behaviourId: null,
        filename: 'dropper.exe',
        size: content.length,
        md5: digest('md5', content),
        sha1: digest('sha1', content),
        sha256: digest('sha256', content),
      });
      expect(file).not.toHaveProperty('uploadedBy');
      const files = await filesOf(hub, headers, caseId);
      expect(files).toEqual([expect.objectContaining({ id: file.id, sha256: digest('sha256', content) })]);
    });

    it('stores identical content once, content-addressed under <dataDir>/blobs, and never executable', async () => {
      const first = await caseFor(hub, 'files-dedupe-a');
      const second = await caseFor(hub, 'files-dedupe-b');
      const content = randomBytes(3000);
      const sha256 = digest('sha256', content);
      const a = await upload(hub, first.headers, first.caseId, content);
      const b = await upload(hub, second.headers, second.caseId, content, { kind: 'attachment' }, 'copy.bin');
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(a.json().id).not.toBe(b.json().id);
      expect(b.json().sha256).toBe(sha256);

      const stored = await filesUnder(blobsDir());
      const copies = stored.filter((f) => path.basename(f.path) === sha256);
      expect(copies).toHaveLength(1);
      expect(path.relative(blobsDir(), copies[0]!.path)).toBe(
        path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256),
      );
      expect(await fs.readFile(copies[0]!.path)).toEqual(content);
      for (const file of stored) expect(file.mode & 0o111, file.path).toBe(0);
    });

    it('downloads the same bytes as an octet-stream attachment that browsers will not sniff', async () => {
      const { headers, caseId } = await caseFor(hub, 'files-download');
      const content = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(2048)]);
      const uploaded = (await upload(hub, headers, caseId, content, { kind: 'sample' }, 'invoice.pdf.exe')).json();
      const response = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/files/${uploaded.id}/download`,
        headers,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/octet-stream');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(String(response.headers['content-disposition'])).toMatch(/^attachment;/);
      expect(String(response.headers['content-disposition'])).not.toMatch(/filename="[^"]*\.exe"/);
      expect(response.rawPayload.equals(content)).toBe(true);
    });

    it('accepts a file of exactly the upload limit and refuses a larger one with 413, recording nothing', async () => {
      const limited = await startTestHub({ uploadLimitBytes: 1024 });
      try {
        const { headers, caseId } = await caseFor(limited, 'files-limit');
        const atLimit = await upload(limited, headers, caseId, randomBytes(1024));
        expect(atLimit.statusCode).toBe(201);
        expect(atLimit.json().size).toBe(1024);
        const before = await filesOf(limited, headers, caseId);

        const tooBig = randomBytes(4096);
        const response = await upload(limited, headers, caseId, tooBig);
        expect(response.statusCode).toBe(413);
        expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await filesOf(limited, headers, caseId)).toEqual(before);
        const limitedBlobs = path.join(limited.config.dataDir, 'blobs');
        const stored = await filesUnder(limitedBlobs);
        expect(stored.map((f) => path.basename(f.path))).not.toContain(digest('sha256', tooBig));
        const leftovers = stored.filter((f) => path.relative(limitedBlobs, f.path).startsWith(`tmp${path.sep}`));
        expect(leftovers).toEqual([]);
      } finally {
        await limited.dispose();
      }
    });

    it('accepts samples larger than the JSON body limit', async () => {
      const { headers, caseId } = await caseFor(hub, 'files-large');
      const content = randomBytes(hub.config.jsonLimitBytes + 100_000);
      const response = await upload(hub, headers, caseId, content);
      expect(response.statusCode).toBe(201);
      expect(response.json().sha256).toBe(digest('sha256', content));
    });

    it('attaches a file to a behaviour of the case', async () => {
      const { headers, caseId } = await caseFor(hub, 'files-behaviour');
      const behaviour = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/behaviours`,
        headers,
        payload: {
          occurredAt: '2023-02-01T10:00:00+09:00',
          category: 'command',
          action: 'ran whoami',
          techniqueIds: ['T1033'],
        },
      });
      expect(behaviour.statusCode).toBe(201);
      const behaviourId = behaviour.json().id;
      const content = Buffer.from('whoami output: desktop-1\\victim');
      const response = await upload(hub, headers, caseId, content, { kind: 'attachment', behaviourId }, 'whoami.txt');
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ kind: 'attachment', behaviourId });
      const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers })).json();
      expect(detail.behaviours[0].attachments).toEqual([expect.objectContaining({ id: response.json().id })]);
    });

    it('answers an unknown kind with 400 naming the field and stores nothing', async () => {
      const { headers, caseId } = await caseFor(hub, 'files-kind');
      const response = await upload(hub, headers, caseId, randomBytes(100), { kind: 'script' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([expect.objectContaining({ path: 'kind' })]);
      expect(await filesOf(hub, headers, caseId)).toEqual([]);
    });

    it('refuses uploads by people who may only read the case (403) and hides the case from outsiders (404)', async () => {
      const { org, headers, caseId } = await caseFor(hub, 'files-guarded');
      await hub.user('viewer@files-guarded.example', { memberships: [{ orgId: org.id, role: 'viewer' }] });
      const outsiderOrg = await hub.org('files-outsider');
      await hub.user('analyst@files-outsider.example', { memberships: [{ orgId: outsiderOrg.id, role: 'analyst' }] });
      const viewer = await hub.signIn('viewer@files-guarded.example');
      const outsider = await hub.signIn('analyst@files-outsider.example');

      const uploaded = (await upload(hub, headers, caseId, randomBytes(64))).json<CaseFile>();
      const byViewer = await upload(hub, viewer, caseId, randomBytes(64));
      expect(byViewer.statusCode).toBe(403);
      const byOutsider = await upload(hub, outsider, caseId, randomBytes(64));
      expect(byOutsider.statusCode).toBe(404);
      expect(await filesOf(hub, headers, caseId)).toHaveLength(1);

      const downloadUrl = `/api/v1/cases/${caseId}/files/${uploaded.id}/download`;
      expect((await hub.app.inject({ method: 'GET', url: downloadUrl, headers: viewer })).statusCode).toBe(200);
      const hidden = await hub.app.inject({ method: 'GET', url: downloadUrl, headers: outsider });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.rawPayload.length).toBeLessThan(500);
      expect((await hub.app.inject({ method: 'GET', url: downloadUrl })).statusCode).toBe(404);
    });

    it('answers a file id of another case with 404', async () => {
      const a = await caseFor(hub, 'files-cross-a');
      const theirCase = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: a.headers,
        payload: { environmentCode: 'FIL2', startDate: '2023-02-02', malwareFamily: 'Remcos' },
      });
      const uploaded = (await upload(hub, a.headers, a.caseId, randomBytes(64))).json<CaseFile>();
      const response = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${theirCase.json().id}/files/${uploaded.id}/download`,
        headers: a.headers,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('FILE_NOT_FOUND');
    });

    it('records uploads and downloads in the audit log', async () => {
      const { headers, caseId, org } = await caseFor(hub, 'files-audit');
      const content = randomBytes(256);
      const uploaded = (await upload(hub, headers, caseId, content)).json<CaseFile>();
      await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/files/${uploaded.id}/download`, headers });
      const audit = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/audit?action=case.file_&actor=${encodeURIComponent('analyst@files-audit.example')}`,
        headers: adminHeaders,
      });
      expect(audit.statusCode).toBe(200);
      const items = audit.json<{
        items: { action: string; targetId: string; orgId: string; details: { fileId: string; sha256: string } }[];
      }>().items;
      expect(items.map((i) => i.action).sort()).toEqual(['case.file_download', 'case.file_upload']);
      for (const item of items) {
        expect(item).toMatchObject({
          targetId: caseId,
          orgId: org.id,
          details: { fileId: uploaded.id, sha256: digest('sha256', content) },
        });
      }
    });
  });

  describe('comments, mentions and notifications', () => {
    const notificationsOf = async (headers: Headers) => {
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/notifications', headers });
      expect(response.statusCode).toBe(200);
      return response.json<{
        items: { id: string; kind: string; caseId: string; caseRef: string; text: string; readAt: string | null }[];
        unread: number;
      }>();
    };

    it('notifies a mentioned colleague who can read the case; marking it read clears the count', async () => {
      const { org, headers, caseId, caseRef } = await caseFor(hub, 'mention-ok');
      const colleagueId = await hub.user('colleague@mention-ok.example', {
        memberships: [{ orgId: org.id, role: 'viewer' }],
      });
      const colleague = await hub.signIn('colleague@mention-ok.example');
      expect((await notificationsOf(colleague)).unread).toBe(0);

      const posted = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/comments`,
        headers,
        payload: { body: 'Could you look at the C2 traffic, @colleague@mention-ok.example?' },
      });
      expect(posted.statusCode).toBe(201);
      expect(posted.json()).toMatchObject({ mentions: [colleagueId], authorName: 'analyst' });

      const comments = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/comments`,
        headers: colleague,
      });
      expect(comments.statusCode).toBe(200);
      expect(comments.json().items).toEqual([
        expect.objectContaining({
          body: 'Could you look at the C2 traffic, @colleague@mention-ok.example?',
          authorName: 'analyst',
          mentions: [colleagueId],
        }),
      ]);

      const inbox = await notificationsOf(colleague);
      expect(inbox.unread).toBe(1);
      expect(inbox.items).toHaveLength(1);
      const notification = inbox.items[0]!;
      expect(notification).toMatchObject({ kind: 'mention', caseId, caseRef, readAt: null });
      expect(notification.text).toContain(caseRef);
      expect((await notificationsOf(headers)).unread).toBe(0);

      const read = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${notification.id}/read`,
        headers: colleague,
      });
      expect(read.statusCode).toBe(204);
      const after = await notificationsOf(colleague);
      expect(after.unread).toBe(0);
      expect(after.items[0]!.readAt).not.toBeNull();
    });

    it('does not notify, or reveal the case to, a mentioned person who cannot read it', async () => {
      const { headers, caseId } = await caseFor(hub, 'mention-hidden');
      const otherOrg = await hub.org('mention-elsewhere');
      await hub.user('stranger@mention-elsewhere.example', { memberships: [{ orgId: otherOrg.id, role: 'analyst' }] });
      const stranger = await hub.signIn('stranger@mention-elsewhere.example');

      const posted = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/comments`,
        headers,
        payload: { body: 'FYI @stranger@mention-elsewhere.example and @nobody@nowhere.example' },
      });
      expect(posted.statusCode).toBe(201);
      expect(posted.json().mentions).toEqual([]);
      const inbox = await notificationsOf(stranger);
      expect(inbox.unread).toBe(0);
      expect(inbox.items).toEqual([]);
      const comments = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/comments`,
        headers: stranger,
      });
      expect(comments.statusCode).toBe(404);
    });

    it('marks all notifications read at once, and refuses to mark someone else’s', async () => {
      const { org, headers, caseId } = await caseFor(hub, 'mention-all');
      await hub.user('busy@mention-all.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
      const busy = await hub.signIn('busy@mention-all.example');
      for (const n of [1, 2]) {
        await hub.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/comments`,
          headers,
          payload: { body: `ping ${n} @busy@mention-all.example` },
        });
      }
      const inbox = await notificationsOf(busy);
      expect(inbox.unread).toBe(2);

      const foreign = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${inbox.items[0]!.id}/read`,
        headers,
      });
      expect(foreign.statusCode).toBe(404);
      expect((await notificationsOf(busy)).unread).toBe(2);

      const all = await hub.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: busy });
      expect(all.statusCode).toBe(204);
      expect((await notificationsOf(busy)).unread).toBe(0);
    });

    it('does not notify the author of their own mention', async () => {
      const { headers, caseId } = await caseFor(hub, 'mention-self');
      await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/comments`,
        headers,
        payload: { body: 'note to self @analyst@mention-self.example' },
      });
      expect((await notificationsOf(headers)).unread).toBe(0);
    });

    it('refuses an empty comment with 400', async () => {
      const { headers, caseId } = await caseFor(hub, 'comment-empty');
      const response = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/comments`,
        headers,
        payload: { body: '   ' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].path).toBe('body');
    });
  });
});
