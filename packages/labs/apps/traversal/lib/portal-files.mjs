// app-source: minato-docs-portal (cynex traversal lab)
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENTS } from './documents.mjs';

/**
 * Builds the portal's files in the instance directory at each start:
 *   public/docs/…         the documents the portal lists and serves (the download's base directory)
 *   private/config.ini    the portal's settings, with the database password and session secret
 *   private/users.csv     the portal's accounts, with password hashes and API tokens
 * The private files sit right next to public/: two `../` away from any document.
 */

/**
 * Each secret comes from the instance's flag, so every instance has its own and none can be passed on; without a
 * flag (a bare local run) they are random. They are what the leak detection looks for in every response.
 */
function secretFor(flag, purpose, length) {
  const bytes = flag
    ? createHash('sha256').update(`cynex-lab-traversal\0${purpose}\0${flag}`).digest()
    : randomBytes(32);
  return bytes.toString('hex').slice(0, length);
}

const ACCOUNTS = [
  ['admin', 'システム管理者', 'admin'],
  ['t.tanaka', '田中 太郎', 'editor'],
  ['d.ito', '伊藤 大輔', 'editor'],
  ['y.watanabe', '渡辺 由美', 'viewer'],
];

function configIni(secrets) {
  return `; みなと商事 社内文書ポータル 設定ファイル — 社外秘 / Minato Shoji document portal settings — confidential
[database]
host = db01.minato-shoji.internal
port = 5432
name = docportal
user = docportal_app
db_password = ${secrets.dbPassword}

[mail]
smtp_host = smtp.minato-shoji.internal
smtp_user = portal-notify
smtp_password = ${secrets.smtpPassword}

[secret]
session_key = ${secrets.sessionKey}
`;
}

function usersCsv(tokens) {
  const rows = ACCOUNTS.map(
    ([username, name, role]) =>
      `${username},${name},${role},${tokens.get(username).hash},${tokens.get(username).token}`,
  );
  return ['username,display_name,role,password_sha256,api_token', ...rows, ''].join('\n');
}

/** Writes the documents and the private files; returns every secret value the private files hold. */
export function buildPortalFiles(instanceDir, flag) {
  const docsDir = path.join(instanceDir, 'public', 'docs');
  for (const doc of DOCUMENTS) {
    const target = path.join(docsDir, doc.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, doc.bytes());
  }
  const secrets = {
    dbPassword: secretFor(flag, 'db_password', 20),
    smtpPassword: secretFor(flag, 'smtp_password', 20),
    sessionKey: secretFor(flag, 'session_key', 40),
  };
  const tokens = new Map(
    ACCOUNTS.map(([username]) => [
      username,
      { hash: secretFor(flag, `password:${username}`, 64), token: `mspt_${secretFor(flag, `token:${username}`, 32)}` },
    ]),
  );
  const privateDir = path.join(instanceDir, 'private');
  mkdirSync(privateDir, { recursive: true });
  writeFileSync(path.join(privateDir, 'config.ini'), configIni(secrets));
  writeFileSync(path.join(privateDir, 'users.csv'), usersCsv(tokens));
  return {
    docsDir,
    values: [...Object.values(secrets), ...[...tokens.values()].flatMap(({ hash, token }) => [hash, token])],
  };
}
