import type { Host } from '../world/schema.js';
import { hostOf, testOrigin, type TestRuntime } from '../../test/runtime.js';
import { createSessionFileSystem, execCommand, openTerminal, type ShellOptions } from './index.js';

/** Options for a shell of `username` on the first host of `role` (each call: a new session with its own files). */
export function shellOn(runtime: TestRuntime, role: Host['role'], username = 'root'): ShellOptions {
  const host = hostOf(runtime.world, role);
  return { runtime, origin: testOrigin(host), username, fs: createSessionFileSystem(runtime, host, username) };
}

/** Runs lines as ssh exec requests in one session. */
export function execIn(options: ShellOptions) {
  return (line: string) => execCommand(options, line);
}

/** An interactive terminal with the screen captured, for typing at it as an attacker would. */
export function terminalFor(options: ShellOptions) {
  let screen = '';
  let exitCode: number | undefined;
  const terminal = openTerminal({
    ...options,
    cols: 80,
    rows: 24,
    write: (data) => void (screen += data),
    exit: (code) => void (exitCode = code),
  });
  return {
    terminal,
    /** Types keys and waits until the shell wants input again. */
    async type(keys: string): Promise<string> {
      const before = screen.length;
      terminal.input(keys);
      await terminal.whenIdle();
      return screen.slice(before);
    },
    get screen() {
      return screen;
    },
    get exitCode() {
      return exitCode;
    },
  };
}
