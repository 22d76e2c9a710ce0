import { posix } from 'node:path';
import ssh2, { type Attributes, type SFTPWrapper } from 'ssh2';
import { SessionFsError, type FileStat } from '../../shell/index.js';
import type { Host } from '../../world/schema.js';
import { fsErrorText, type TransferSession } from './transfer.js';

/**
 * An SFTP v3 server over the session's file system (what `sftp` and OpenSSH 9's `scp` speak). Uploads are held in
 * memory per handle (bounded by the session's limits) and land in the file system, the capture store and a `file`
 * event when the handle is closed. Nothing here touches the real disk.
 */

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const MAX_HANDLES = 64;
const READDIR_BATCH = 100;

type Handle =
  | { kind: 'read'; path: string; data: Buffer }
  | { kind: 'write'; path: string; chunks: Buffer[]; size: number; mode?: number; failed: boolean }
  | { kind: 'dir'; path: string; entries: FileStat[]; sent: boolean };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function idOf(host: Host, name: string, kind: 'uid' | 'gid'): number {
  const account = host.accounts.find((a) => a.username === name);
  if (account) return account.uid;
  return name === 'root' ? 0 : kind === 'uid' ? 1000 : 1000;
}

function attrsOf(host: Host, stat: FileStat): Attributes {
  const seconds = Math.floor(stat.mtime.getTime() / 1000);
  return {
    mode: (stat.type === 'dir' ? S_IFDIR : S_IFREG) | (stat.mode & 0o7777),
    uid: idOf(host, stat.owner, 'uid'),
    gid: idOf(host, stat.group, 'gid'),
    size: stat.type === 'dir' ? 4096 : stat.size,
    atime: seconds,
    mtime: seconds,
  };
}

/** `ls -l` style line as OpenSSH's sftp-server sends in READDIR's longname. */
function longname(stat: FileStat, name: string, now: Date): string {
  const bits = 'rwxrwxrwx'
    .split('')
    .map((ch, i) => (stat.mode & (0o400 >> i) ? ch : '-'))
    .join('');
  const d = stat.mtime;
  const recent = Math.abs(now.getTime() - d.getTime()) < 180 * 86_400_000;
  const when = recent
    ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
    : String(d.getFullYear()).padStart(5);
  const size = stat.type === 'dir' ? 4096 : stat.size;
  return `${stat.type === 'dir' ? 'd' : '-'}${bits}    ${stat.type === 'dir' ? 2 : 1} ${stat.owner.padEnd(8)} ${stat.group.padEnd(8)} ${String(size).padStart(8)} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${when} ${name}`;
}

export function serveSftp(sftp: SFTPWrapper, transfer: TransferSession): void {
  const host = transfer.record.origin.host;
  const fs = transfer.fs;
  const handles = new Map<number, Handle>();
  let nextHandle = 1;

  const open = (handle: Handle): Buffer | undefined => {
    if (handles.size >= MAX_HANDLES) return undefined;
    const id = nextHandle++;
    handles.set(id, handle);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const lookup = (buf: Buffer): [number, Handle | undefined] => {
    if (buf.length !== 4) return [0, undefined];
    const id = buf.readUInt32BE(0);
    return [id, handles.get(id)];
  };
  const fail = (reqId: number, error: unknown) => {
    const code =
      error instanceof SessionFsError
        ? error.code === 'ENOENT'
          ? STATUS_CODE.NO_SUCH_FILE
          : error.code === 'EACCES'
            ? STATUS_CODE.PERMISSION_DENIED
            : STATUS_CODE.FAILURE
        : STATUS_CODE.FAILURE;
    sftp.status(reqId, code, fsErrorText(error));
  };
  const guarded =
    <A extends unknown[]>(fn: (reqId: number, ...args: A) => void) =>
    (reqId: number, ...args: A) => {
      try {
        fn(reqId, ...args);
      } catch (error) {
        fail(reqId, error);
      }
    };

  sftp.on(
    'OPEN',
    guarded((reqId, filename: string, flags: number, attrs: Attributes) => {
      const path = transfer.resolve(filename);
      let handle: Handle;
      if (flags & OPEN_MODE.WRITE) {
        const existing = fs.stat(path);
        if (existing?.type === 'dir') throw new SessionFsError('EISDIR', path);
        const parent = fs.stat(posix.dirname(path));
        if (!parent) throw new SessionFsError('ENOENT', path);
        if (parent.type !== 'dir') throw new SessionFsError('ENOTDIR', path);
        const mode = attrs && typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : undefined;
        handle = { kind: 'write', path, chunks: [], size: 0, failed: false, ...(mode ? { mode } : {}) };
      } else {
        handle = { kind: 'read', path, data: transfer.download(path) };
      }
      const id = open(handle);
      if (!id) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
      sftp.handle(reqId, id);
    }),
  );

  sftp.on('READ', (reqId, buf, offset, length) => {
    const [, handle] = lookup(buf);
    if (handle?.kind !== 'read') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
    if (offset >= handle.data.length) return sftp.status(reqId, STATUS_CODE.EOF);
    sftp.data(reqId, handle.data.subarray(offset, offset + Math.min(length, 256 * 1024)));
  });

  sftp.on('WRITE', (reqId, buf, offset, data) => {
    const [, handle] = lookup(buf);
    if (handle?.kind !== 'write') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
    const end = offset + data.length;
    if (handle.failed || !transfer.allows(Math.max(end, handle.size))) {
      handle.failed = true;
      handle.chunks = [];
      return sftp.status(reqId, STATUS_CODE.FAILURE, 'File too large');
    }
    if (offset === handle.size) {
      handle.chunks.push(Buffer.from(data));
      handle.size = end;
    } else {
      // Out-of-order writes (sftp pipelines requests): rebuild the buffer around the write.
      const whole = Buffer.alloc(Math.max(end, handle.size));
      Buffer.concat(handle.chunks).copy(whole);
      data.copy(whole, offset);
      handle.chunks = [whole];
      handle.size = whole.length;
    }
    sftp.status(reqId, STATUS_CODE.OK);
  });

  sftp.on('CLOSE', (reqId, buf) => {
    const [id, handle] = lookup(buf);
    if (!handle) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
    handles.delete(id);
    if (handle.kind !== 'write' || handle.failed) return sftp.status(reqId, STATUS_CODE.OK);
    transfer.upload(handle.path, Buffer.concat(handle.chunks, handle.size), handle.mode).then(
      () => sftp.status(reqId, STATUS_CODE.OK),
      (error: unknown) => fail(reqId, error),
    );
  });

  const statPath = guarded((reqId, path: string) => {
    const stat = fs.stat(transfer.resolve(path));
    if (!stat) throw new SessionFsError('ENOENT', path);
    sftp.attrs(reqId, attrsOf(host, stat));
  });
  sftp.on('STAT', statPath);
  sftp.on('LSTAT', statPath);
  sftp.on('FSTAT', (reqId, buf) => {
    const [, handle] = lookup(buf);
    if (!handle) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
    if (handle.kind === 'write') {
      const now = new Date();
      return sftp.attrs(
        reqId,
        attrsOf(host, {
          path: handle.path,
          type: 'file',
          owner: 'root',
          group: 'root',
          mode: 0o644,
          size: handle.size,
          mtime: now,
        }),
      );
    }
    statPath(reqId, handle.path);
  });

  sftp.on(
    'OPENDIR',
    guarded((reqId, path: string) => {
      const dir = transfer.resolve(path);
      const stat = fs.stat(dir);
      if (!stat) throw new SessionFsError('ENOENT', dir);
      if (stat.type !== 'dir') throw new SessionFsError('ENOTDIR', dir);
      const id = open({ kind: 'dir', path: dir, entries: fs.list(dir), sent: false });
      if (!id) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
      sftp.handle(reqId, id);
    }),
  );

  sftp.on('READDIR', (reqId, buf) => {
    const [, handle] = lookup(buf);
    if (handle?.kind !== 'dir') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure');
    const now = transfer.record.runtime.now();
    const batch: { filename: string; longname: string; attrs: Attributes }[] = [];
    if (!handle.sent) {
      handle.sent = true;
      const self = fs.stat(handle.path);
      if (self) {
        batch.push({ filename: '.', longname: longname(self, '.', now), attrs: attrsOf(host, self) });
        const parent = fs.stat(posix.dirname(handle.path)) ?? self;
        batch.push({ filename: '..', longname: longname(parent, '..', now), attrs: attrsOf(host, parent) });
      }
    }
    while (batch.length < READDIR_BATCH && handle.entries.length > 0) {
      const entry = handle.entries.shift()!;
      const name = posix.basename(entry.path);
      batch.push({ filename: name, longname: longname(entry, name, now), attrs: attrsOf(host, entry) });
    }
    if (batch.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
    sftp.name(reqId, batch);
  });

  sftp.on('REALPATH', (reqId, path) => {
    const resolved = transfer.resolve(path);
    sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: {} as Attributes }]);
  });

  sftp.on(
    'MKDIR',
    guarded((reqId, path: string, attrs: Attributes) => {
      fs.mkdir(transfer.resolve(path), attrs && typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : undefined);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  const remove = guarded((reqId, path: string) => {
    fs.remove(transfer.resolve(path));
    sftp.status(reqId, STATUS_CODE.OK);
  });
  sftp.on('REMOVE', remove);
  sftp.on('RMDIR', remove);
  sftp.on(
    'RENAME',
    guarded((reqId, from: string, to: string) => {
      fs.rename(transfer.resolve(from), transfer.resolve(to));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on(
    'SETSTAT',
    guarded((reqId, path: string, attrs: Attributes) => {
      const resolved = transfer.resolve(path);
      if (!fs.stat(resolved)) throw new SessionFsError('ENOENT', resolved);
      if (attrs && typeof attrs.mode === 'number') fs.chmod(resolved, attrs.mode & 0o7777);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('FSETSTAT', (reqId) => sftp.status(reqId, STATUS_CODE.OK));
  sftp.on('READLINK', (reqId) => sftp.status(reqId, STATUS_CODE.FAILURE, 'Failure'));
  sftp.on('SYMLINK', (reqId) => sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, 'Permission denied'));
  sftp.on('EXTENDED', (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED, 'Operation unsupported'));
  sftp.on('error', () => {});
  // sftp-server exits when its stdin ends; sshd then sends exit-status 0, EOF and CLOSE (the client waits for them,
  // and scp reports failure without the exit status).
  sftp.on('end', () => endSftp(sftp));
  sftp.on('close', () => handles.clear());
}

/**
 * ssh2's SFTPWrapper has no `exit()` like a ServerChannel, so the exit status goes through the same protocol calls
 * ServerChannel.exit uses (ssh2 1.x internals, checked at run time; without them the channel is only closed).
 */
function endSftp(sftp: SFTPWrapper): void {
  const inner = sftp as unknown as {
    _protocol?: { exitStatus?(id: number, status: number): void; channelEOF?(id: number): void };
    outgoing?: { id: number; state: string };
  };
  const proto = inner._protocol;
  const out = inner.outgoing;
  try {
    if (proto?.exitStatus && proto.channelEOF && out?.state === 'open') {
      proto.exitStatus(out.id, 0);
      proto.channelEOF(out.id);
      out.state = 'eof';
    }
  } catch {
    // The connection is already gone.
  }
  sftp.end();
}
