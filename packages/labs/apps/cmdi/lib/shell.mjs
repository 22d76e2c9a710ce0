/**
 * An emulated POSIX shell (dash-like) over an in-memory machine. It "runs" command lines the way `sh -c` would —
 * lists, pipelines, quoting, `$VAR`, `${IFS}`, `$(…)`, backticks, `$((…))`, redirections — but every command is a
 * JavaScript function over the machine's in-memory filesystem: no process, file or socket is ever touched. Pure (no
 * imports from node:), so the same module also runs in a browser terminal.
 *
 * Every run is bounded: line length and nesting depth (parser), commands per run, output characters, globs, sleep.
 * A hostile line ends in an error message, never a hang or a crash.
 *
 * @example
 *   const shell = createShell(learnerMachine());
 *   const session = shell.session();
 *   session.run('echo hi; id').stdout // → 'hi\nuid=1000(learner) gid=1000(learner) groups=1000(learner)\n'
 */
import { COMMANDS } from './shell-commands.mjs';
import { FsError, baseName, createFs, expandGlob, parentOf, resolvePath } from './shell-fs.mjs';
import { MAX_DEPTH, MAX_LINE_CHARS, ShellSyntaxError, parseLine } from './shell-parser.mjs';
import { evaluateArithmetic } from './shell-arith.mjs';
import { learnerMachine } from './machines.mjs';
import { RunState, ShellLimitError } from './shell-run-state.mjs';

export { ShellSyntaxError, parseLine } from './shell-parser.mjs';
export { learnerMachine, diagMachine } from './machines.mjs';

export const SHELL_LIMITS = Object.freeze({
  lineChars: MAX_LINE_CHARS,
  depth: MAX_DEPTH,
  commandsPerRun: 64,
  outputChars: 64 * 1024,
  globsPerRun: 16,
  sleepSecondsPerRun: 5,
});

/** The names of every emulated command, sorted (for `help` and tab completion). */
export const COMMAND_NAMES = Object.freeze([...COMMANDS.keys()].sort());

const BIN_DIRS = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin']);
const DEFAULT_IFS = ' \t\n';

/** An expansion error (bad arithmetic): like `sh -c`, the rest of the line is not run. */
export class ShellAbort extends Error {}

function isAssignment(word) {
  const first = word[0];
  return first?.t === 'lit' && !first.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.v);
}

/** One user's shell on a machine: its working directory, variables and the last exit status. */
class ShellSession {
  constructor(machine, fs, cwd) {
    this.machine = machine;
    this.fs = fs;
    this.user = machine.user;
    this.cwd = cwd ?? machine.user.home;
    this.vars = new Map([...Object.entries(machine.env), ['IFS', DEFAULT_IFS], ['PWD', this.cwd]]);
    this.exported = new Set(Object.keys(machine.env).concat('PWD'));
    this.status = 0;
    /** Every command that ran in this session, in order (the lab's exploit detection reads it). */
    this.executed = [];
    this.sleptSeconds = 0;
  }

  /** Parses and runs a command line as `sh -c` would. */
  run(line) {
    return this.#runGuarded((state, io) => this.#runList(parseLine(String(line)), io, state));
  }

  /** Runs one command from its argv, with no parsing at all: no character in the arguments is special. */
  exec(argv) {
    if (!Array.isArray(argv) || argv.length === 0) throw new TypeError('exec needs a non-empty argv array');
    return this.#runGuarded((state, io) => this.#invoke(argv.map(String), io, state));
  }

  /** `learner@learner-pc:~$ ` */
  prompt() {
    const home = this.user.home;
    const where =
      this.cwd === home ? '~' : this.cwd.startsWith(`${home}/`) ? `~${this.cwd.slice(home.length)}` : this.cwd;
    return `${this.user.name}@${this.machine.hostname}:${where}${this.user.uid === 0 ? '#' : '$'} `;
  }

  /** Tab completion of the last word: command names first, then paths. */
  complete(line) {
    const text = String(line).slice(0, MAX_LINE_CHARS);
    const start = Math.max(text.lastIndexOf(' '), text.lastIndexOf(';'), text.lastIndexOf('|')) + 1;
    const word = text.slice(start);
    const firstWord = text.slice(0, start).trim() === '' || /[;|&]\s*$/.test(text.slice(0, start));
    let candidates;
    if (firstWord && !word.includes('/')) {
      candidates = COMMAND_NAMES.filter((name) => name.startsWith(word));
    } else {
      const dirPart = word.includes('/') ? word.slice(0, word.lastIndexOf('/') + 1) : '';
      const prefix = word.slice(dirPart.length);
      let names = [];
      try {
        names = this.fs.readDir(resolvePath(this.cwd, dirPart || '.'), this.user);
      } catch {
        names = [];
      }
      candidates = names
        .filter((name) => name.startsWith(prefix) && (prefix.startsWith('.') || !name.startsWith('.')))
        .map((name) => {
          const isDir = this.fs.stat(resolvePath(this.cwd, dirPart + name))?.type === 'dir';
          return dirPart + name + (isDir ? '/' : '');
        });
    }
    let common = candidates[0] ?? word;
    for (const candidate of candidates) while (!candidate.startsWith(common)) common = common.slice(0, -1);
    const suffix = candidates.length === 1 && !common.endsWith('/') ? ' ' : '';
    return { candidates, line: text.slice(0, start) + (common.length >= word.length ? common : word) + suffix };
  }

  #runGuarded(body) {
    const state = new RunState(SHELL_LIMITS.outputChars);
    const io = { stdin: '', ...state.terminal() };
    let status;
    try {
      status = body(state, io);
    } catch (err) {
      // The limit message must get out even when the limit is the output itself.
      const say = (text) => {
        state.stderr += text;
        state.output += text;
      };
      if (err instanceof ShellSyntaxError) say(`sh: 1: Syntax error: ${err.message}\n`);
      else if (err instanceof ShellLimitError || err instanceof ShellAbort) say(`sh: 1: ${err.message}\n`);
      else throw err;
      status = 2;
    }
    this.status = status;
    this.executed.push(...state.commands);
    this.sleptSeconds += state.sleepSeconds;
    return {
      stdout: state.stdout,
      stderr: state.stderr,
      output: state.output,
      exitCode: status,
      commands: state.commands,
      sleepSeconds: state.sleepSeconds,
    };
  }

  #runList(list, io, state) {
    let status = this.status;
    for (const { op, pipeline } of list.items) {
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      status = this.#runPipeline(pipeline, io, state);
      this.status = status;
    }
    return status;
  }

  #runPipeline(pipeline, io, state) {
    let stdin = io.stdin;
    let status = 0;
    pipeline.commands.forEach((command, i) => {
      const last = i === pipeline.commands.length - 1;
      const pipe = last ? undefined : state.buffer();
      status = this.#runCommand(command, { stdin, out: pipe ? pipe.write : io.out, err: io.err }, state);
      if (pipe) stdin = pipe.text;
    });
    return status;
  }

  #runCommand(command, io, state) {
    state.commandCount += 1;
    if (state.commandCount > SHELL_LIMITS.commandsPerRun) {
      throw new ShellLimitError(`more than ${SHELL_LIMITS.commandsPerRun} commands in one line`);
    }
    const { words, redirects } = command;
    let first = 0;
    const assignments = [];
    while (first < words.length && isAssignment(words[first])) {
      const text = this.#expandToString(words[first], io, state);
      const eq = text.indexOf('=');
      assignments.push([text.slice(0, eq), text.slice(eq + 1)]);
      first += 1;
    }
    const argv = [];
    for (const word of words.slice(first)) argv.push(...this.#expandWord(word, io, state));
    const redirected = this.#openRedirects(redirects, io, state);
    if (!redirected) return 2;
    let status = 0;
    if (argv.length === 0) {
      for (const [name, value] of assignments) this.#setVar(name, value);
    } else {
      status = this.#invoke(argv, redirected.io, state);
    }
    redirected.close();
    return status;
  }

  /** Runs a command by name; `/bin/id` and `id` are the same command. */
  #invoke(argv, io, state) {
    const name = argv[0];
    let command = COMMANDS.get(name);
    if (name.includes('/')) {
      const full = resolvePath(this.cwd, name);
      command = BIN_DIRS.has(parentOf(full)) ? COMMANDS.get(baseName(full)) : undefined;
      if (!command && this.fs.stat(full)) {
        io.err(`sh: 1: ${name}: Permission denied\n`);
        return 126;
      }
    }
    if (!command) {
      io.err(`sh: 1: ${name}: not found\n`);
      return 127;
    }
    state.commands.push({ argv: [...argv] });
    return command({
      argv,
      stdin: io.stdin,
      out: io.out,
      err: io.err,
      session: this,
      machine: this.machine,
      fs: this.fs,
      user: this.user,
      resolve: (path) => resolvePath(this.cwd, path),
      sleep: (seconds) => {
        state.sleepSeconds = Math.min(SHELL_LIMITS.sleepSecondsPerRun, state.sleepSeconds + seconds);
      },
    });
  }

  /** Applies `<`, `>`, `>>`, `N>&M` in order; files are created (or truncated) before the command runs, as in sh. */
  #openRedirects(redirects, io, state) {
    const fds = [io.stdin, io.out, io.err];
    const files = [];
    for (const { fd, op, target } of redirects) {
      const name = this.#expandToString(target, io, state);
      if (op === '>&' || op === '<&') {
        const source = Number(name);
        if (name === '-' || !(source in fds)) continue;
        if (fd <= 2) fds[fd] = fds[source];
        continue;
      }
      const path = resolvePath(this.cwd, name);
      try {
        if (op === '<') {
          if (fd === 0) fds[0] = this.fs.readFile(path, this.user);
          else this.fs.readFile(path, this.user);
        } else {
          this.fs.writeFile(path, '', this.user, op === '>>');
          const sink = state.buffer();
          files.push({ path, sink });
          if (fd <= 2) fds[fd] = sink.write;
        }
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        const verb = op === '<' ? 'open' : 'create';
        io.err(
          `sh: 1: cannot ${verb} ${name}: ${op === '<' && err.code === 'ENOENT' ? 'No such file' : err.message}\n`,
        );
        return undefined;
      }
    }
    return {
      io: { stdin: fds[0], out: fds[1], err: fds[2] },
      close: () => {
        for (const { path, sink } of files) {
          try {
            this.fs.writeFile(path, sink.text, this.user, true);
          } catch (err) {
            if (!(err instanceof FsError)) throw err;
            io.err(`sh: 1: ${baseName(path)}: ${err.message}\n`);
          }
        }
      },
    };
  }

  #setVar(name, value) {
    this.vars.set(name, value);
  }

  #param(name) {
    if (name === '?') return String(this.status);
    if (name === '$') return String(this.machine.shellPid);
    if (name === '0') return 'sh';
    if (name === '#') return '0';
    return this.vars.get(name) ?? '';
  }

  /** What `$(…)` prints, without its trailing newlines; its stderr goes where the command's does. */
  #substitute(list, io, state) {
    const sink = state.buffer();
    this.status = this.#runList(list, { stdin: '', out: sink.write, err: io.err }, state);
    return sink.text.replace(/\n+$/, '');
  }

  /** Each part's text, and whether field splitting applies to it (unquoted expansions only). */
  #segments(word, io, state) {
    return word.map((part, index) => {
      switch (part.t) {
        case 'lit':
          return { text: part.v, split: false, quoted: part.quoted };
        case 'tilde': {
          const next = word[index + 1];
          const alone = !next || (next.t === 'lit' && next.v.startsWith('/'));
          return { text: alone ? this.user.home : '~', split: false, quoted: false };
        }
        case 'var':
          return { text: this.#param(part.name), split: !part.quoted, quoted: part.quoted };
        case 'sub':
          return { text: this.#substitute(part.list, io, state), split: !part.quoted, quoted: part.quoted };
        case 'arith':
          return { text: this.#arithmetic(part.expression), split: !part.quoted, quoted: part.quoted };
        default:
          throw new Error(`unknown word part ${part.t}`);
      }
    });
  }

  #arithmetic(expression) {
    try {
      return evaluateArithmetic(expression, (name) => this.#param(name));
    } catch (err) {
      throw new ShellAbort(`arithmetic expression: ${err.message}: "${expression}"`);
    }
  }

  #expandToString(word, io, state) {
    return this.#segments(word, io, state)
      .map((segment) => segment.text)
      .join('');
  }

  /** Expansion, field splitting on IFS, then pathname expansion of plain unquoted words. */
  #expandWord(word, io, state) {
    const ifs = this.vars.get('IFS') ?? DEFAULT_IFS;
    const fields = [];
    let current = '';
    let started = false;
    for (const segment of this.#segments(word, io, state)) {
      if (!segment.split) {
        current += segment.text;
        started ||= segment.text !== '' || segment.quoted;
        continue;
      }
      for (const c of segment.text) {
        if (!ifs.includes(c)) {
          current += c;
          started = true;
        } else if (' \t\n'.includes(c)) {
          if (started) fields.push(current);
          current = '';
          started = false;
        } else {
          fields.push(current);
          current = '';
          started = false;
        }
      }
    }
    if (started) fields.push(current);
    const plain = word.every((part) => part.t === 'tilde' || (part.t === 'lit' && !part.quoted));
    if (plain && fields.length === 1 && /[*?]/.test(fields[0]) && state.globs < SHELL_LIMITS.globsPerRun) {
      state.globs += 1;
      return expandGlob(this.fs, this.cwd, fields[0], this.user) ?? fields;
    }
    return fields;
  }

  /** For `cd` (the only command that changes the session). */
  changeDirectory(path) {
    this.vars.set('OLDPWD', this.cwd);
    this.cwd = path;
    this.vars.set('PWD', path);
  }

  /** Exported variables, as `env` prints them. */
  environment() {
    return [...this.exported].filter((name) => this.vars.has(name)).map((name) => [name, this.vars.get(name)]);
  }

  exportVar(name, value) {
    if (value !== undefined) this.vars.set(name, value);
    this.exported.add(name);
  }
}

/**
 * A machine (see machines.mjs) with its own in-memory filesystem; `session()` opens a shell on it. Sessions of one
 * shell share the filesystem (a file written in one is seen in the next), each has its own cwd and variables.
 */
export function createShell(machine) {
  const fs = createFs(machine.files);
  return {
    machine,
    fs,
    session: (cwd) => new ShellSession(machine, fs, cwd),
  };
}

/** The learner's scratch machine for the browser terminal: `learner-pc`, no secrets. */
export function createLearnerShell() {
  return createShell(learnerMachine());
}
