import { employeeOf } from '../../world/accounts.js';
import type { CmdContext, CmdFn } from './cmd.js';
import { ok, winDate } from './format.js';

/** `net view`, `net user [name]`, `net localgroup [name]`, `net use`, `net share`: the accounts and neighbours of the world. */

function localUsers(ctx: CmdContext): string[] {
  return [
    'Administrator',
    'DefaultAccount',
    'Guest',
    'WDAGUtilityAccount',
    ...ctx.sh.host.accounts.map((a) => a.username).filter((u) => u !== 'Administrator'),
  ];
}

function columns(names: string[]): string {
  const rows: string[] = [];
  for (let i = 0; i < names.length; i += 3)
    rows.push(
      names
        .slice(i, i + 3)
        .map((n) => n.padEnd(25))
        .join('')
        .trimEnd(),
    );
  return rows.join('\n');
}

export const net: CmdFn = (ctx) => {
  const [sub = '', ...rest] = ctx.args.map((a) => a.toLowerCase());
  const host = ctx.sh.host;
  const world = ctx.sh.runtime.world;
  if (sub === 'view') {
    const servers = world.hosts.filter(
      (h) =>
        h !== host &&
        h.hostname !== host.hostname &&
        (h.role === 'file' || h.role === 'workstation' || h.services.some((s) => s.port === 445)),
    );
    ctx.out(
      `Server Name            Remark\n\n-------------------------------------------------------------------------------\n${servers.map((h) => `\\\\${h.hostname.toUpperCase().padEnd(21)}${h.role === 'file' ? `${h.hostname} file server` : ''}`.trimEnd()).join('\n')}${ok}`,
    );
    return 0;
  }
  if (sub === 'user') {
    const name = ctx.args[1];
    if (name === undefined || name.startsWith('/')) {
      ctx.out(
        `\nUser accounts for \\\\${host.hostname.toUpperCase()}\n\n-------------------------------------------------------------------------------\n${columns(localUsers(ctx))}${ok}`,
      );
      return 0;
    }
    const account = host.accounts.find((a) => a.username.toLowerCase() === name.toLowerCase());
    const builtin = ['guest', 'defaultaccount', 'wdagutilityaccount'].includes(name.toLowerCase());
    if (!account && !builtin) {
      ctx.out('The user name could not be found.\n\nMore help is available by typing NET HELPMSG 2221.\n\n');
      return 2;
    }
    const employee = account ? employeeOf(world, account) : undefined;
    const admin = account?.username === 'Administrator' || account?.sudo;
    const set = winDate(ctx, new Date(Date.parse(host.bootedAt) - 30 * 86_400_000));
    ctx.out(
      `User name                    ${account?.username ?? name}\nFull Name                    ${employee?.name.en ?? ''}\nComment                      ${account?.username === 'Administrator' ? 'Built-in account for administering the computer/domain' : ''}\nUser's comment\nCountry/region code          000 (System Default)\nAccount active               ${builtin ? 'No' : 'Yes'}\nAccount expires              Never\n\nPassword last set            ${set}\nPassword expires             Never\nPassword changeable          ${set}\nPassword required            Yes\nUser may change password     Yes\n\nWorkstations allowed         All\nLogon script\nUser profile\nHome directory\nLast logon                   ${winDate(ctx, ctx.sh.runtime.now())}\n\nLogon hours allowed          All\n\nLocal Group Memberships      *${admin ? 'Administrators' : 'Users'}\nGlobal Group memberships     *None${ok}`,
    );
    return 0;
  }
  if (sub === 'localgroup') {
    const name = rest.join(' ');
    if (!name) {
      ctx.out(
        `\nAliases for \\\\${host.hostname.toUpperCase()}\n\n-------------------------------------------------------------------------------\n*Access Control Assistance Operators\n*Administrators\n*Backup Operators\n*Cryptographic Operators\n*Device Owners\n*Distributed COM Users\n*Event Log Readers\n*Guests\n*Hyper-V Administrators\n*IIS_IUSRS\n*Network Configuration Operators\n*Performance Log Users\n*Performance Monitor Users\n*Power Users\n*Remote Desktop Users\n*Remote Management Users\n*Replicator\n*System Managed Accounts Group\n*Users${ok}`,
      );
      return 0;
    }
    const members =
      name === 'administrators'
        ? ['Administrator', `${ctx.sh.netbiosDomain()}\\Domain Admins`]
        : name === 'users'
          ? [
              'NT AUTHORITY\\Authenticated Users',
              'NT AUTHORITY\\INTERACTIVE',
              ...host.accounts.filter((a) => a.employee).map((a) => `${ctx.sh.netbiosDomain()}\\${a.username}`),
            ]
          : name === 'remote desktop users'
            ? []
            : undefined;
    if (!members) {
      ctx.out('The specified local group does not exist.\n\nMore help is available by typing NET HELPMSG 3780.\n\n');
      return 2;
    }
    ctx.out(
      `Alias name     ${name}\nComment        ${name === 'administrators' ? 'Administrators have complete and unrestricted access to the computer/domain' : ''}\n\nMembers\n\n-------------------------------------------------------------------------------\n${members.join('\n')}${ok}`,
    );
    return 0;
  }
  if (sub === 'use') {
    ctx.out(`New connections will be remembered.\n\nThere are no entries in the list.\n\n`);
    return 0;
  }
  if (sub === 'share') {
    ctx.out(
      `\nShare name   Resource                        Remark\n\n-------------------------------------------------------------------------------\nC$           C:\\                             Default share\nIPC$                                         Remote IPC\nADMIN$       C:\\Windows                      Remote Admin${ok}`,
    );
    return 0;
  }
  ctx.out(
    'The syntax of this command is:\n\nNET\n    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\n      STATISTICS | STOP | TIME | USE | USER | VIEW ]\n\n',
  );
  return 1;
};
