/**
 * getopt-style parsing for the emulated commands: clustered flags (`-la`), values attached or apart (`-n5`,
 * `-n 5`), `--` ends the options, `-` alone is an operand.
 * @example parseOptions(['-la', 'x'], { flags: 'la' }) // → { opts: { l: true, a: true }, operands: ['x'] }
 */
export function parseOptions(args, { flags = '', values = '' }) {
  const opts = {};
  const operands = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || arg.startsWith('--')) {
      if (arg.startsWith('--') && arg !== '--') return { bad: arg.slice(2).split('=')[0], long: true };
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j += 1) {
      const c = arg[j];
      if (values.includes(c)) {
        const value = arg.slice(j + 1) || args[++i];
        if (value === undefined) return { bad: c, missing: true };
        opts[c] = value;
        break;
      }
      if (!flags.includes(c)) return { bad: c };
      opts[c] = true;
    }
  }
  return { opts, operands };
}

/** The usual complaint about an option: `ls: invalid option -- 'z'`. */
export function optionError(name, parsed) {
  if (parsed.long) return `${name}: unrecognized option '--${parsed.bad}'\n`;
  if (parsed.missing) return `${name}: option requires an argument -- '${parsed.bad}'\n`;
  return `${name}: invalid option -- '${parsed.bad}'\n`;
}

/** A stable number in [0, 1) from a string (FNV-1a), for emulated timings that stay the same between runs. */
export function stableFraction(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // MurmurHash3's finaliser, so that strings differing in their last character land far apart.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return ((hash ^ (hash >>> 16)) >>> 0) / 0x1_0000_0000;
}
