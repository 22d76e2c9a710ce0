import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  SHELL_LIMITS,
  createLearnerShell,
  createShell,
  diagMachine,
  type ShellSession,
} from '../apps/cmdi/lib/shell.mjs';

/* The emulated shell of the command-injection lab, used directly: what a line prints, which commands ran. */

const learner = (): ShellSession => createLearnerShell().session();
const diag = (): ShellSession => createShell(diagMachine({ secret: 'Mn-unit-secret' })).session('/var/www/diag');

describe('the emulated shell: parsing as sh does', () => {
  it('runs lists joined by ;, newline, &, && and || with sh exit-status rules', () => {
    const sh = learner();
    expect(sh.run('echo a; echo b\necho c & echo d').stdout).toBe('a\nb\nc\nd\n');
    expect(sh.run('false && echo no; true && echo yes').stdout).toBe('yes\n');
    expect(sh.run('false || echo rescued').stdout).toBe('rescued\n');
    expect(sh.run('true || echo skipped && echo kept').stdout).toBe('kept\n');
    expect(sh.run('false; echo $?').stdout).toBe('1\n');
  });

  it('pipes stdout into the next command and keeps stderr on the terminal', () => {
    const sh = learner();
    expect(sh.run('cat /etc/passwd | grep ^root | wc -l').stdout).toBe('1\n');
    const result = sh.run('cat /nope | wc -l');
    expect(result.stdout).toBe('0\n');
    expect(result.stderr).toBe('cat: /nope: No such file or directory\n');
  });

  it('handles single and double quotes, backslashes and variables', () => {
    const sh = learner();
    expect(sh.run(`echo 'a  b' "c  $HOME" \\$HOME a\\ b`).stdout).toBe('a  b c  /home/learner $HOME a b\n');
    expect(sh.run(`echo '$(id)' "\\$(id)"`).stdout).toBe('$(id) $(id)\n');
    expect(sh.run('X=hello; echo "$X ${X}!"').stdout).toBe('hello hello!\n');
    expect(sh.run('echo "unterminated').stderr).toBe('sh: 1: Syntax error: Unterminated quoted string\n');
  });

  it('expands $(…), backticks and $((…)), substitutions running before the command', () => {
    const sh = learner();
    const result = sh.run('echo "$(whoami) on `hostname`" $((6*7))');
    expect(result.stdout).toBe('learner on learner-pc 42\n');
    expect(result.commands.map((c) => c.argv[0])).toEqual(['whoami', 'hostname', 'echo']);
    expect(sh.run('echo $(echo $(echo $(echo deep)))').stdout).toBe('deep\n');
  });

  it('splits unquoted expansions on IFS, so ${IFS} and $IFS stand in for spaces', () => {
    const sh = learner();
    expect(sh.run('cat${IFS}/etc/hostname').stdout).toBe('learner-pc\n');
    expect(sh.run('echo$IFS"a"$IFS"b"').stdout).toBe('a b\n');
    expect(sh.run('IFS=,; x=a,b; echo $x "$x"').stdout).toBe('a b a,b\n');
  });

  it('redirects into the in-memory filesystem, with Unix permissions', () => {
    const sh = learner();
    expect(sh.run('echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f').stdout).toBe('one\ntwo\n');
    expect(sh.run('echo x > /etc/passwd').stderr).toBe('sh: 1: cannot create /etc/passwd: Permission denied\n');
    expect(sh.run('cat /etc/shadow 2>&1').stdout).toBe('cat: /etc/shadow: Permission denied\n');
    expect(sh.run('ls /nope 2>/dev/null; echo $?').stdout).toBe('2\n');
  });

  it('ignores # comments and reports unknown commands as dash does', () => {
    const sh = learner();
    expect(sh.run('echo kept # echo dropped').stdout).toBe('kept\n');
    const unknown = sh.run('frobnicate --now');
    expect(unknown).toMatchObject({ stderr: 'sh: 1: frobnicate: not found\n', exitCode: 127, commands: [] });
    expect(sh.run('id;;id').stderr).toBe('sh: 1: Syntax error: ";" unexpected\n');
  });

  it('keeps the working directory between lines of one session only', () => {
    const shell = createLearnerShell();
    const first = shell.session();
    first.run('cd notes');
    expect(first.run('pwd').stdout).toBe('/home/learner/notes\n');
    expect(first.prompt()).toBe('learner@learner-pc:~/notes$ ');
    expect(shell.session().run('pwd').stdout).toBe('/home/learner\n');
    expect(first.complete('cat hos')).toEqual({ candidates: ['hosts.txt'], line: 'cat hosts.txt ' });
  });
});

describe('the emulated shell: exec runs an argv with no parsing', () => {
  it('passes every character through as data', () => {
    const sh = diag();
    const result = sh.exec(['ping', '-c', '3', '127.0.0.1; id $(id) `id` | id']);
    expect(result.commands.map((c) => c.argv[0])).toEqual(['ping']);
    expect(result.stderr).toBe('ping: 127.0.0.1; id $(id) `id` | id: Name or service not known\n');
    expect(result.exitCode).toBe(2);
  });
});

describe('the emulated diag01 server', () => {
  it('pings known hosts, IPv6 loopback and reports unknown ones like iputils ping', () => {
    const sh = diag();
    const byName = sh.run('ping -c 3 fileserver.minato.local').stdout;
    expect(byName).toContain('PING fileserver.minato.local (10.0.1.20) 56(84) bytes of data.');
    expect(byName).toContain('3 packets transmitted, 3 received, 0% packet loss');
    expect(sh.run('ping -c 2 ::1').stdout).toContain('2 packets transmitted, 2 received');
    expect(sh.run('ping -c 3 10.9.9.9').stdout).toContain('3 packets transmitted, 0 received, 100% packet loss');
    expect(sh.run('ping -c 3 nosuch').stderr).toBe('ping: nosuch: Name or service not known\n');
    expect(sh.run('nslookup mail').stdout).toContain('Name:\tmail.minato.local\nAddress: 10.0.1.25\n');
  });

  it('lets www-data read the config through its group, but not root-only files', () => {
    const sh = diag();
    expect(sh.run('id').stdout).toBe('uid=33(www-data) gid=33(www-data) groups=33(www-data)\n');
    expect(sh.run('grep password /opt/minato/config.ini').stdout).toBe('password = Mn-unit-secret\n');
    expect(sh.run('ls /root').stderr).toBe("ls: cannot open directory '/root': Permission denied\n");
    expect(sh.run('curl http://example.com/').stderr).toBe('curl: (6) Could not resolve host: example.com\n');
    expect(sh.run('bash -i').stderr).toBe('sh: 1: bash: Permission denied\n');
  });

  it('records sleep instead of waiting, capped per run', () => {
    const sh = diag();
    expect(sh.run('sleep 2').sleepSeconds).toBe(2);
    expect(sh.run('sleep 3; sleep 1m').sleepSeconds).toBe(SHELL_LIMITS.sleepSecondsPerRun);
    expect(sh.run('sleep soon').stderr).toContain("sleep: invalid time interval 'soon'");
  });
});

describe('the emulated shell: limits and hostile input', () => {
  it('refuses a line over the length limit and nesting past the depth limit', () => {
    const sh = learner();
    expect(sh.run(`echo ${'a'.repeat(SHELL_LIMITS.lineChars)}`).stderr).toMatch(/Syntax error: line longer than/);
    const deep = `${'$(echo '.repeat(SHELL_LIMITS.depth + 2)}x${')'.repeat(SHELL_LIMITS.depth + 2)}`;
    expect(sh.run(deep)).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/nesting deeper than/) });
    expect(sh.run('$('.repeat(40))).toMatchObject({ exitCode: 2 });
  });

  it('stops after the command and output limits with what it had', () => {
    const sh = learner();
    const many = sh.run('true;'.repeat(SHELL_LIMITS.commandsPerRun + 5));
    expect(many.stderr).toBe(`sh: 1: more than ${SHELL_LIMITS.commandsPerRun} commands in one line\n`);
    expect(many.commands).toHaveLength(SHELL_LIMITS.commandsPerRun);
    const big = sh.run(`cat ${'/etc/passwd '.repeat(150)}`);
    expect(big.stderr).toMatch(/output limit of \d+ characters reached/);
    expect(big.stdout.length).toBeLessThanOrEqual(SHELL_LIMITS.outputChars);
  });

  it('matches grep patterns and globs without backtracking blow-ups', () => {
    const sh = learner();
    sh.run(`echo ${'a'.repeat(3000)} > /tmp/long`);
    expect(sh.run(`grep -E '${'a*'.repeat(200)}b' /tmp/long; echo $?`).stdout).toBe('1\n');
    expect(sh.run(`echo /tmp/${'*'.repeat(120)}x`).stdout).toBe(`/tmp/${'*'.repeat(120)}x\n`);
    expect(sh.run('echo $((1/0)); echo after')).toMatchObject({ exitCode: 2, stdout: '' });
  });

  it('never throws on arbitrary input', () => {
    const sh = learner();
    const alphabet = [
      'a',
      ' ',
      ';',
      '&',
      '|',
      '$',
      '(',
      ')',
      '`',
      "'",
      '"',
      '\\',
      '\n',
      '{',
      '}',
      '>',
      '<',
      '#',
      '*',
      '0',
      '~',
      '=',
      '\u0000',
      'é',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 4000; i += 1) {
      const junk = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
      const options = ['-', '-n', '-la', '-c', '-r', '-E', '5', '/', '/etc', '--x', '..'];
      const args = Array.from({ length: next() % 4 }, () => options[next() % options.length]).join(' ');
      const line = i % 2 === 0 ? junk : `${COMMAND_NAMES[next() % COMMAND_NAMES.length]} ${args} ${junk}`;
      const result = sh.run(line);
      expect(typeof result.exitCode).toBe('number');
    }
  });
});
