import type { Host } from '../world/schema.js';
import type { WorldRuntime } from '../services/contracts.js';
import type { ExecResult, SessionFileSystem, ShellOptions } from './contract.js';
import { createInterpreter } from './interpreter.js';
import { LINUX_COMMAND_TABLE } from './linux/commands/index.js';
import { sessionFileSystem } from './session-fs.js';

export * from './contract.js';
export { openTerminal, MAX_LINE, type TerminalSession } from './terminal.js';
export { CowFileSystem } from './session-fs.js';

/** The names of every command the emulated bash implements (builtins included). */
export const LINUX_COMMANDS: readonly string[] = [...LINUX_COMMAND_TABLE.keys()].sort();

/**
 * A session's copy-on-write file system over the host's files: writes, deletes and renames stay in memory for
 * this session only; permissions follow the session user.
 *
 * @example
 * const fs = createSessionFileSystem(runtime, host, 'root');
 * fs.writeFile('/tmp/x', Buffer.from('hi'));
 */
export function createSessionFileSystem(runtime: WorldRuntime, host: Host, username: string): SessionFileSystem {
  return sessionFileSystem(runtime, host, username);
}

/**
 * Runs one line without a terminal, as an ssh exec request does (`ssh host 'uname -a'`): one `command` event,
 * stdout and stderr apart, no prompts (sudo and ssh fail as they do without a tty).
 *
 * @example
 * const { stdout, exitCode } = await execCommand(options, 'uname -a');
 */
export async function execCommand(options: ShellOptions, line: string): Promise<ExecResult> {
  const interpreter = createInterpreter(options, false);
  let stdout = '';
  let stderr = '';
  const exitCode = await interpreter.runLine(
    line,
    { interactive: false, signal: { aborted: false }, ask: async () => undefined },
    (text) => void (stdout += text),
    (text) => void (stderr += text),
  );
  return { stdout, stderr, exitCode: interpreter.exitCode ?? exitCode };
}
