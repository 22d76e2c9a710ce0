import type { Account, Employee, Host, World } from './schema.js';

/** The password an account accepts: its own, or its employee's directory password. */
export function accountPassword(world: World, account: Account): string | undefined {
  if (account.password !== undefined) return account.password;
  return world.employees.find((e) => e.id === account.employee)?.password;
}

export function findHost(world: World, hostname: string): Host | undefined {
  const wanted = hostname.toLowerCase();
  return world.hosts.find((h) => h.hostname.toLowerCase() === wanted);
}

export function employeeOf(world: World, account: Account): Employee | undefined {
  return account.employee === undefined ? undefined : world.employees.find((e) => e.id === account.employee);
}

/** The home folder of an account: given, or the platform's default. */
export function homeOf(host: Host, account: Account): string {
  if (account.home !== undefined) return account.home;
  if (host.os.family === 'windows') return `C:\\Users\\${account.username}`;
  return account.username === 'root' ? '/root' : `/home/${account.username}`;
}
