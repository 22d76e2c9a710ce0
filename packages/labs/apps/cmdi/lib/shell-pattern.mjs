/**
 * grep's patterns without backtracking: literal characters, `.`, `[…]` (ranges, `^` negation), `\x`, `*`, anchors
 * `^` and `$`, and with -E also `+` and `?`. Matching simulates the automaton state by state, so its time is linear
 * in line × pattern for any pattern (a hostile `(a*)*`-style pattern cannot hang the lab). Groups and alternation are
 * not supported: their characters match themselves.
 */

function parseClass(pattern, start) {
  let i = start + 1;
  const negate = pattern[i] === '^';
  if (negate) i += 1;
  const ranges = [];
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    const from = pattern[i];
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      ranges.push([from, pattern[i + 2]]);
      i += 3;
    } else {
      ranges.push([from, from]);
      i += 1;
    }
    first = false;
  }
  if (i >= pattern.length) return undefined;
  return { atom: { kind: 'class', negate, ranges }, end: i + 1 };
}

function parse(pattern, extended) {
  const atoms = [];
  let i = 0;
  const anchoredStart = pattern.startsWith('^');
  if (anchoredStart) i = 1;
  let anchoredEnd = false;
  while (i < pattern.length) {
    const c = pattern[i];
    const previous = atoms[atoms.length - 1];
    if (c === '$' && i === pattern.length - 1) {
      anchoredEnd = true;
      i += 1;
    } else if (previous && (c === '*' || (extended && (c === '+' || c === '?')))) {
      if (c === '*') Object.assign(previous, { min: 0, many: true });
      else if (c === '+') atoms.push({ ...previous, min: 0, many: true });
      else previous.min = 0;
      i += 1;
    } else if (c === '[') {
      const parsed = parseClass(pattern, i);
      if (parsed) {
        atoms.push({ ...parsed.atom, min: 1, many: false });
        i = parsed.end;
      } else {
        atoms.push({ kind: 'char', char: c, min: 1, many: false });
        i += 1;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      atoms.push({ kind: 'char', char: pattern[i + 1], min: 1, many: false });
      i += 2;
    } else {
      atoms.push(c === '.' ? { kind: 'any', min: 1, many: false } : { kind: 'char', char: c, min: 1, many: false });
      i += 1;
    }
  }
  return { atoms, anchoredStart, anchoredEnd };
}

function matchesAtom(atom, c, ignoreCase) {
  const fold = (x) => (ignoreCase ? x.toLowerCase() : x);
  if (atom.kind === 'any') return true;
  if (atom.kind === 'char') return fold(atom.char) === fold(c);
  const inside = atom.ranges.some(([from, to]) => fold(c) >= fold(from) && fold(c) <= fold(to));
  return inside !== atom.negate;
}

/**
 * @example compilePattern('^root', {}).test('root:x:0:0') // → true
 */
export function compilePattern(pattern, { ignoreCase = false, extended = false, fixed = false } = {}) {
  const { atoms, anchoredStart, anchoredEnd } = fixed
    ? { atoms: [...pattern].map((char) => ({ kind: 'char', char, min: 1, many: false })) }
    : parse(pattern, extended);
  const accept = atoms.length;

  function close(states) {
    const out = new Set();
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop();
      if (out.has(s)) continue;
      out.add(s);
      if (s < accept && atoms[s].min === 0) stack.push(s + 1);
    }
    return out;
  }

  return {
    test(line) {
      let states = close([0]);
      if (states.has(accept) && !anchoredEnd) return true;
      for (let i = 0; i < line.length; i += 1) {
        const next = [];
        for (const s of states) {
          if (s === accept || !matchesAtom(atoms[s], line[i], ignoreCase)) continue;
          next.push(atoms[s].many ? s : s + 1);
        }
        if (!anchoredStart) next.push(0);
        states = close(next);
        if (states.has(accept) && (!anchoredEnd || i === line.length - 1)) return true;
      }
      return anchoredEnd && states.has(accept) && line.length === 0;
    },
  };
}
