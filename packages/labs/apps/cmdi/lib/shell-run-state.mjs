/** What one run of the emulated shell has produced so far, and the limit on how much it may. */

/** A run went past one of SHELL_LIMITS; it stops there with what it wrote so far. */
export class ShellLimitError extends Error {}

/** The output of one run: stdout and stderr apart and interleaved, bounded by outputChars in all. */
export class RunState {
  constructor(outputChars) {
    this.outputChars = outputChars;
    this.stdout = '';
    this.stderr = '';
    this.output = '';
    this.written = 0;
    this.commands = [];
    this.commandCount = 0;
    this.globs = 0;
    this.sleepSeconds = 0;
  }

  charge(text) {
    this.written += text.length;
    if (this.written > this.outputChars) {
      throw new ShellLimitError(`output limit of ${this.outputChars} characters reached`);
    }
  }

  terminal() {
    return {
      out: (text) => {
        this.charge(text);
        this.stdout += text;
        this.output += text;
      },
      err: (text) => {
        this.charge(text);
        this.stderr += text;
        this.output += text;
      },
    };
  }

  /** A pipe or a `$(…)`: collects what is written, counted against the same limit. */
  buffer() {
    const sink = { text: '' };
    sink.write = (text) => {
      this.charge(text);
      sink.text += text;
    };
    return sink;
  }
}
