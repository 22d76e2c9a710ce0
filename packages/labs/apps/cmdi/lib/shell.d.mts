/** Types of the emulated shell (shell.mjs), for the tests and for a browser terminal that imports it. */

export interface ShellResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as a terminal shows them (lines end in \n; a terminal wants \r\n). */
  output: string;
  exitCode: number;
  /** Every command that ran, in order (substitutions first, as sh runs them). */
  commands: { argv: string[] }[];
  /** How long `sleep` asked to wait, capped at SHELL_LIMITS.sleepSecondsPerRun; nothing waits inside the shell. */
  sleepSeconds: number;
}

export interface MachineUser {
  name: string;
  uid: number;
  home: string;
  groups: string[];
  gids: number[];
}

export interface Machine {
  hostname: string;
  fqdn: string;
  user: MachineUser;
  env: Record<string, string>;
  network: { resolver: string; domain: string; hosts: { name: string; ip: string }[] };
  files: [string, { dir?: boolean; content?: string; owner?: string; group?: string; mode?: number }][];
}

export interface ShellSession {
  readonly machine: Machine;
  cwd: string;
  status: number;
  readonly vars: Map<string, string>;
  /** Every command run in this session so far. */
  readonly executed: { argv: string[] }[];
  readonly sleptSeconds: number;
  run(line: string): ShellResult;
  exec(argv: string[]): ShellResult;
  prompt(): string;
  complete(line: string): { candidates: string[]; line: string };
}

export interface Shell {
  machine: Machine;
  session(cwd?: string): ShellSession;
}

export const SHELL_LIMITS: Readonly<{
  lineChars: number;
  depth: number;
  commandsPerRun: number;
  outputChars: number;
  globsPerRun: number;
  sleepSecondsPerRun: number;
}>;
export const COMMAND_NAMES: readonly string[];

export class ShellSyntaxError extends Error {
  offset: number;
}
export class ShellAbort extends Error {}

export function parseLine(line: string): { items: { op: string; pipeline: unknown }[] };
export function createShell(machine: Machine): Shell;
export function createLearnerShell(): Shell;
export function learnerMachine(): Machine;
export function diagMachine(options: { secret: string }): Machine;
