/**
 * `$((…))`: integer arithmetic as in dash, on 64-bit signed integers. Numbers, variable names (`$a` or `a`),
 * + - * / %, unary + and -, parentheses. Bounded: the expression comes from a line of at most a few KB and
 * parentheses nest at most MAX_PARENS deep.
 */

const MAX_PARENS = 32;

function tokenize(text, lookup) {
  const tokens = [];
  const re = /\s*(?:(0x[0-9a-fA-F]+|[0-9]+)|\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\$([?$#0-9])|([-+*/%()]))/y;
  const source = text.trim();
  let pos = 0;
  while (pos < source.length) {
    re.lastIndex = pos;
    const m = re.exec(source);
    if (!m) throw new Error('syntax error');
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ num: BigInt(m[1]) });
    else if (m[2] !== undefined || m[3] !== undefined) {
      const value = lookup(m[2] ?? m[3]).trim();
      if (value !== '' && !/^-?[0-9]+$/.test(value)) throw new Error('Illegal number');
      tokens.push({ num: BigInt(value || '0') });
    } else tokens.push({ op: m[4] });
  }
  return tokens;
}

/**
 * @example evaluateArithmetic('1+2*3', () => '') // → '7'
 */
export function evaluateArithmetic(text, lookup) {
  const tokens = tokenize(text, lookup);
  let i = 0;
  const wrap = (n) => BigInt.asIntN(64, n);

  function primary(depth) {
    const token = tokens[i];
    i += 1;
    if (token?.num !== undefined) return token.num;
    if (token?.op === '-') return wrap(-primary(depth));
    if (token?.op === '+') return primary(depth);
    if (token?.op === '(') {
      if (depth >= MAX_PARENS) throw new Error('nested too deeply');
      const value = sum(depth + 1);
      if (tokens[i]?.op !== ')') throw new Error('missing )');
      i += 1;
      return value;
    }
    throw new Error('syntax error');
  }

  function product(depth) {
    let value = primary(depth);
    while (['*', '/', '%'].includes(tokens[i]?.op)) {
      const op = tokens[i].op;
      i += 1;
      const right = primary(depth);
      if (op !== '*' && right === 0n) throw new Error('division by zero');
      value = wrap(op === '*' ? value * right : op === '/' ? value / right : value % right);
    }
    return value;
  }

  function sum(depth) {
    let value = product(depth);
    while (tokens[i]?.op === '+' || tokens[i]?.op === '-') {
      const op = tokens[i].op;
      i += 1;
      const right = product(depth);
      value = wrap(op === '+' ? value + right : value - right);
    }
    return value;
  }

  if (tokens.length === 0) return '0';
  const result = sum(0);
  if (i < tokens.length) throw new Error('syntax error');
  return String(result);
}
