// Parses the value of a dependency header (BuildRequires, Requires(...), Provides, Obsoletes,
// Conflicts) the way rpm's parseRCPOT does: names separated by spaces or commas, optional
// `op version`, and rich `( … )` expressions. Input is already macro-expanded.
import type { DepOperator, Dependency } from './types.js';
import { isSpace } from './chars.js';

const OPERATORS: Readonly<Record<string, DepOperator>> = {
  '<': '<', '<=': '<=', '=<': '<=', '=': '=', '==': '=', '>=': '>=', '=>': '>=', '>': '>',
};

interface Where {
  readonly line: number;
  readonly file?: string;
  readonly qualifier?: string;
}

/** Separators skipped between words: space, tab, comma, newline, carriage return. */
/** Commas and every whitespace character wordEnd stops at (form feed, NBSP, …): a
 * narrower set here once left `i` stuck on such a character forever. */
function isSep(c: number): boolean {
  return c === 44 || isSpace(c);
}

/** `<`, `=` or `>`. */
function isOpChar(c: number): boolean {
  return c === 60 || c === 61 || c === 62;
}

export function parseDependencies(value: string, where: Where): Dependency[] {
  const out: Dependency[] = [];
  const n = value.length;
  let i = 0;
  const skipSep = (): void => {
    while (i < n && isSep(value.charCodeAt(i))) i++;
  };
  const wordEnd = (from: number): number => {
    let e = from;
    for (; e < n; e++) {
      const c = value.charCodeAt(e);
      if (c === 44 || isSpace(c)) break;
    }
    return e;
  };
  for (skipSep(); i < n; skipSep()) {
    if (value.charCodeAt(i) === 40) {
      // '('
      const end = closeParen(value, i);
      const text = value.slice(i, end + 1);
      i = end + 1;
      for (const d of richDependencies(text, where)) out.push(d);
      continue;
    }
    const nameEnd = wordEnd(i);
    const name = value.slice(i, nameEnd);
    i = nameEnd;
    const save = i;
    skipSep();
    let opEnd = i;
    while (opEnd < n && isOpChar(value.charCodeAt(opEnd))) opEnd++;
    const op = opEnd > i ? OPERATORS[value.slice(i, opEnd)] : undefined;
    if (op) {
      i = wordEnd(i);
      skipSep();
      const versionEnd = wordEnd(i);
      const version = value.slice(i, versionEnd);
      i = versionEnd;
      out.push(simple(name, op, version, where));
    } else {
      i = save;
      out.push(simple(name, undefined, undefined, where));
    }
  }
  return out;
}

function simple(name: string, op: DepOperator | undefined, version: string | undefined, where: Where): Dependency {
  // Key order as it always was: name, op, version, isFile, line, file, qualifier.
  const dep: { -readonly [K in keyof Dependency]?: Dependency[K] } = { name };
  if (op && version) {
    dep.op = op;
    dep.version = version;
  }
  if (name.startsWith('/')) dep.isFile = true;
  dep.line = where.line;
  if (where.file) dep.file = where.file;
  if (where.qualifier) dep.qualifier = where.qualifier;
  return dep as Dependency;
}

function closeParen(text: string, open: number): number {
  let level = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') level++;
    else if (text[k] === ')' && --level === 0) return k;
  }
  return text.length - 1;
}

type Rich = { readonly kind: 'leaf'; readonly dep: Dependency } | { readonly kind: 'op'; readonly op: string; readonly terms: readonly Rich[] };

const RICH_OPS = new Set(['and', 'or', 'if', 'else', 'unless', 'with', 'without']);

/** `(a or b)` → one dep with alternatives; `(a and b)` → both; `(a if b)` → a, conditional. */
function richDependencies(text: string, where: Where): Dependency[] {
  const tree = parseRich(text.slice(1, -1), where);
  const rich = text.replace(/\s+/g, ' ');
  return lower(tree, false).map((d) => ({ ...d, rich }));
}

function lower(node: Rich, conditional: boolean): Dependency[] {
  if (node.kind === 'leaf') return [conditional ? { ...node.dep, conditional: true } : node.dep];
  const first = node.terms[0];
  if (!first) return [];
  switch (node.op) {
    case 'or': {
      const alternatives = node.terms.map((t) => lower(t, conditional)[0]).filter((d): d is Dependency => d !== undefined);
      const head = alternatives[0]!;
      return [{ ...head, alternatives }];
    }
    case 'and':
    case 'with':
      return node.terms.flatMap((t) => lower(t, conditional));
    case 'if':
    case 'unless':
      return lower(first, true);
    default: // else, without: the first operand is what is required
      return lower(first, conditional);
  }
}

function parseRich(inner: string, where: Where): Rich {
  const terms: Rich[] = [];
  let op: string | undefined;
  let i = 0;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) terms.push({ kind: 'leaf', dep: parseDependencies(pending.join(' '), where)[0] ?? simple('', undefined, undefined, where) });
    pending = [];
  };
  while (i < inner.length) {
    const c = inner[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      const end = closeParen(inner, i);
      flush();
      terms.push(parseRich(inner.slice(i + 1, end), where));
      i = end + 1;
      continue;
    }
    let e = i;
    while (e < inner.length && !/[\s()]/.test(inner[e]!)) e++;
    const w = inner.slice(i, e);
    i = e;
    if (RICH_OPS.has(w)) {
      flush();
      op ??= w;
    } else {
      pending.push(w);
    }
  }
  flush();
  if (terms.length === 1 && op === undefined) return terms[0]!;
  return { kind: 'op', op: op ?? 'and', terms };
}
