// rpm's %if / %[...] expression language: integers, "strings", parentheses, unary ! and -,
// * / + -, comparisons, && || and ?:. Evaluates already macro-expanded text.
// Deviation: a bare word is read as a string (rpm >= 4.15 rejects it); see docs/spec-parser.md.

export type ExprValue = number | string;

export class ExprError extends Error {}

type Token = { readonly kind: 'num'; readonly value: number } | { readonly kind: 'str'; readonly value: string } | { readonly kind: 'op'; readonly value: string };

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '(', ')', '+', '-', '*', '/', '?', ':'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < text.length && text[j]! >= '0' && text[j]! <= '9') j++;
      if (j < text.length && /[A-Za-z_.]/.test(text[j]!)) {
        // "1.2.3" or "2a": not a number in rpm; read the word as a string.
        while (j < text.length && /[A-Za-z0-9_.\-+~^]/.test(text[j]!)) j++;
        tokens.push({ kind: 'str', value: text.slice(i, j) });
      } else {
        tokens.push({ kind: 'num', value: Number(text.slice(i, j)) });
      }
      i = j;
      continue;
    }
    if (c === '"' || (c === 'v' && text[i + 1] === '"')) {
      const start = c === 'v' ? i + 2 : i + 1;
      const end = text.indexOf('"', start);
      if (end < 0) throw new ExprError('unterminated string');
      tokens.push({ kind: 'str', value: text.slice(start, end) });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()!=<>&|+*/?:"]/.test(text[j]!)) j++;
    if (j === i) throw new ExprError(`unexpected '${c}'`);
    tokens.push({ kind: 'str', value: text.slice(i, j) });
    i = j;
  }
  return tokens;
}

const truthy = (v: ExprValue): boolean => (typeof v === 'number' ? v !== 0 : v !== '');

export function evaluateExpression(text: string): ExprValue {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'op' ? t.value : undefined;
  };
  const expectOp = (op: string): void => {
    if (peek() !== op) throw new ExprError(`expected '${op}'`);
    pos++;
  };

  function ternary(): ExprValue {
    const cond = or();
    if (peek() !== '?') return cond;
    pos++;
    const a = ternary();
    expectOp(':');
    const b = ternary();
    return truthy(cond) ? a : b;
  }
  function or(): ExprValue {
    let left = and();
    while (peek() === '||') {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
      if (typeof left === 'string') left = truthy(left) ? 1 : 0;
    }
    return left;
  }
  function and(): ExprValue {
    let left = compare();
    while (peek() === '&&') {
      pos++;
      const right = compare();
      left = truthy(left) && truthy(right) ? 1 : 0;
    }
    return left;
  }
  function compare(): ExprValue {
    let left = additive();
    for (let op = peek(); op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>='; op = peek()) {
      pos++;
      const right = additive();
      const c = typeof left === 'number' && typeof right === 'number' ? Math.sign(left - right) : strcmp(String(left), String(right));
      left = { '==': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op] ? 1 : 0;
    }
    return left;
  }
  function additive(): ExprValue {
    let left = multiplicative();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      pos++;
      const right = multiplicative();
      if (op === '+' && typeof left === 'string' && typeof right === 'string') left = left + right;
      else left = op === '+' ? num(left) + num(right) : num(left) - num(right);
    }
    return left;
  }
  function multiplicative(): ExprValue {
    let left = unary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      pos++;
      const right = num(unary());
      if (op === '/' && right === 0) throw new ExprError('division by zero');
      left = op === '*' ? num(left) * right : Math.trunc(num(left) / right);
    }
    return left;
  }
  function unary(): ExprValue {
    const op = peek();
    if (op === '!') {
      pos++;
      return truthy(unary()) ? 0 : 1;
    }
    if (op === '-') {
      pos++;
      return -num(unary());
    }
    if (op === '(') {
      pos++;
      const v = ternary();
      expectOp(')');
      return v;
    }
    const t = tokens[pos];
    if (!t || t.kind === 'op') throw new ExprError(t ? `unexpected '${t.value}'` : 'unexpected end of expression');
    pos++;
    return t.value;
  }

  if (tokens.length === 0) throw new ExprError('empty expression');
  const value = ternary();
  if (pos < tokens.length) throw new ExprError(`unexpected '${String(tokens[pos]!.value)}'`);
  return value;
}

export function isTrue(value: ExprValue): boolean {
  return truthy(value);
}

function num(v: ExprValue): number {
  if (typeof v === 'number') return v;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ExprError(`'${v}' is not a number`);
  return n;
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
