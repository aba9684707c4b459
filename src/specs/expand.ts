// rpm macro expansion over a MacroTable: %{x} %x %{?x} %{?x:y} %{!?x:y} %{!x:y} %%, function-
// like macros with %1.. %* and -x options, %{expand:}, the string built-ins rpm has, %[expr],
// and %(shell) which yields "" (never executed). Terminates: depth and work are bounded.
import { PhotonBuildError } from '../errors.js';
import { MAX_MACRO_DEPTH, type MacroDef, type MacroTable } from './macro-table.js';
import { evaluateExpression, ExprError } from './expr.js';
import { matchClose } from './line-scan.js';

/** A bare macro name after '%': positional digits, or an identifier. Sticky: set lastIndex. */
const BARE_NAME = /[0-9]+|[A-Za-z_][A-Za-z0-9_]*/y;

export function expand(text: string, t: MacroTable, depth = 0): string {
  if (text.indexOf('%') < 0) return text;
  if (depth > t.maxDepth) t.maxDepth = depth;
  if (depth > MAX_MACRO_DEPTH) throw new PhotonBuildError('spec-syntax', 'macro recursion depth exceeded', t.where());
  let out = '';
  let i = 0;
  for (;;) {
    const p = text.indexOf('%', i);
    if (p < 0) return out + text.slice(i);
    out += text.slice(i, p);
    const c = text[p + 1];
    if (c === undefined) return out + '%';
    if (c === '%') {
      out += '%';
      i = p + 2;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      const end = matchClose(text, p + 1, c, close);
      if (end < 0) return out + text.slice(p); // unterminated: kept as text (rpm: error)
      const inner = text.slice(p + 2, end);
      if (c === '{') out += expandBraced(inner, t, depth);
      else if (c === '[') out += expandExpression(inner, t, depth);
      // %(shell): never executed; expands to nothing.
      i = end + 1;
      continue;
    }
    // Bare form: %[!?]*name, %1, %*, %**, %#
    let j = p + 1;
    let negate = false;
    let chkexist = false;
    while (text[j] === '!' || text[j] === '?') {
      if (text[j] === '!') negate = !negate;
      else chkexist = true;
      j++;
    }
    let name: string;
    if (text.startsWith('**', j)) name = '**';
    else if (text[j] === '*' || text[j] === '#') name = text[j]!;
    else if ((BARE_NAME.lastIndex = j), BARE_NAME.test(text)) {
      // digits (%1) or an identifier (%name), in one sticky match rather than a test per character
      name = text.slice(j, BARE_NAME.lastIndex);
    } else {
      out += '%';
      i = p + 1;
      continue;
    }
    const after = j + name.length;
    if (!chkexist && (name === 'define' || name === 'global' || name === 'undefine')) {
      const eol = logicalLineEnd(text, after);
      defineDirective(name, text.slice(after, eol), t, depth);
      i = eol;
      continue;
    }
    const def = t.get(name);
    if (chkexist) {
      if ((def !== undefined) !== negate && def) out += expandDef(def, t, depth + 1);
      i = after;
      continue;
    }
    if (!def) {
      out += text.slice(p, after); // unknown: left as is, like rpm
      i = after;
      continue;
    }
    t.charge(def.body.length);
    if (def.params !== undefined) {
      const eol = lineEnd(text, after);
      out += callFunctionMacro(name, def.body, def.params, text.slice(after, eol), t, depth);
      i = eol;
      continue;
    }
    out += expandDef(def, t, depth + 1);
    i = after;
  }
}

/**
 * expand(def.body) for a parameterless definition, memoised per definition while no
 * define/undefine happens (in %files sections %{_bindir} and friends repeat on every line).
 * A reuse charges the recorded budget again and is skipped where the recorded depth would
 * pass the limit, so errors stay those of a fresh expansion.
 */
function expandDef(def: MacroDef, t: MacroTable, depth: number): string {
  if (def.body.indexOf('%') < 0) return def.body;
  const memo = t.memo.get(def);
  if (memo !== undefined && memo.generation === t.generation && depth + memo.depthUsed <= MAX_MACRO_DEPTH) {
    t.chargeAgain(memo.steps, memo.chars);
    return memo.value;
  }
  const generation = t.generation;
  const steps = t.steps;
  const chars = t.chars;
  const outerMax = t.maxDepth;
  t.maxDepth = depth;
  // No try/finally: an error abandons the whole parse and its table.
  const value = expand(def.body, t, depth);
  const depthUsed = t.maxDepth - depth;
  if (outerMax > t.maxDepth) t.maxDepth = outerMax;
  if (t.generation === generation) t.memo.set(def, { generation, value, steps: t.steps - steps, chars: t.chars - chars, depthUsed });
  return value;
}

/** End of a line whose `\\`-newline continuations belong to it (a %define body). */
function logicalLineEnd(text: string, from: number): number {
  let nl = text.indexOf('\n', from);
  while (nl > 0 && text[nl - 1] === '\\') nl = text.indexOf('\n', nl + 1);
  return nl < 0 ? text.length : nl;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** The first ':', space, tab or newline from lastIndex (global: lastIndex moves past it). */
const BRACED_NAME_END = /[: \t\n]/g;

function expandBraced(inner: string, t: MacroTable, depth: number): string {
  let k = 0;
  let negate = false;
  let chkexist = false;
  while (inner[k] === '!' || inner[k] === '?') {
    if (inner[k] === '!') negate = !negate;
    else chkexist = true;
    k++;
  }
  BRACED_NAME_END.lastIndex = k;
  const end = BRACED_NAME_END.test(inner) ? BRACED_NAME_END.lastIndex - 1 : inner.length;
  const name = inner.slice(k, end);
  const sep = inner[end];
  const arg = sep === undefined ? undefined : inner.slice(end + 1);
  if (!chkexist && !negate) {
    const builtin = callBuiltin(name, sep, arg, t, depth);
    if (builtin !== undefined) return builtin;
  }
  const def = name === '' ? undefined : t.get(name);
  if (chkexist) {
    if ((def !== undefined) === negate) return '';
    if (sep === ':' && arg !== undefined) return expand(arg, t, depth + 1);
    return def ? expandDef(def, t, depth + 1) : '';
  }
  if (!def) return `%{${inner}}`;
  t.charge(def.body.length);
  if (def.params !== undefined) return callFunctionMacro(name, def.body, def.params, sep === ':' ? '' : (arg ?? ''), t, depth);
  return expandDef(def, t, depth + 1);
}

function expandExpression(inner: string, t: MacroTable, depth: number): string {
  try {
    return String(evaluateExpression(expand(inner, t, depth + 1)));
  } catch (error) {
    if (error instanceof ExprError) throw new PhotonBuildError('spec-syntax', `bad %[ ] expression: ${error.message}`, t.where());
    throw error;
  }
}

function defineDirective(kind: string, rest: string, t: MacroTable, depth: number): void {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(\(([^)]*)\))?(?:\s+|$)([\s\S]*)$/.exec(rest);
  if (!m) return; // malformed define: ignored like the rest of an unparseable line
  const name = m[1]!;
  if (kind === 'undefine') {
    t.undefine(name);
    return;
  }
  let body = m[4]!.replace(/\\\n/g, '\n').trimEnd();
  if (kind === 'global' && m[2] === undefined) body = expand(body, t, depth + 1);
  t.define(name, body, m[2] === undefined ? undefined : m[3]!);
}

function callFunctionMacro(name: string, body: string, params: string, argText: string, t: MacroTable, depth: number): string {
  const words = expand(argText, t, depth + 1).split(/\s+/).filter(Boolean);
  const locals: [string, string][] = [['0', name]];
  const positional: string[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    const opt = word.length === 2 && word[0] === '-' ? word[1]! : undefined;
    const at = opt === undefined ? -1 : params.indexOf(opt);
    if (opt !== undefined && at >= 0) {
      const takesArg = params[at + 1] === ':';
      const value = takesArg ? (words[++w] ?? '') : '';
      locals.push([`-${opt}`, takesArg ? `-${opt} ${value}` : `-${opt}`], [`-${opt}*`, value]);
    } else {
      positional.push(word);
    }
  }
  positional.forEach((v, n) => locals.push([String(n + 1), v]));
  locals.push(['*', positional.join(' ')], ['**', words.join(' ')], ['#', String(positional.length)]);
  for (const [k, v] of locals) t.define(k, v);
  try {
    return expand(body, t, depth + 1);
  } finally {
    for (const [k] of locals) t.undefine(k);
  }
}

/** One rpm built-in of the %{name:arg} / %{name arg} form; undefined: not a call of it. */
type Builtin = (name: string, sep: string | undefined, arg: string | undefined, t: MacroTable, depth: number) => string | undefined;

const valueOf = (arg: string | undefined, t: MacroTable, depth: number): string => expand(arg ?? '', t, depth + 1);
/** Side effects only in rpm (messages, Lua, environment): nothing here. */
const silent: Builtin = (_name, sep) => (sep === undefined ? undefined : '');
const asValue: Builtin = (_name, _sep, arg, t, depth) => valueOf(arg, t, depth);
const defined: Builtin = (name, sep, arg, t, depth) =>
  sep === undefined ? undefined : t.has(valueOf(arg, t, depth).trim()) === (name === 'defined') ? '1' : '0';
const withOption: Builtin = (name, sep, arg, t, depth) => (sep === undefined ? undefined : t.has(`${name}_${valueOf(arg, t, depth).trim()}`) ? '1' : '0');
const sourceOrPatch: Builtin = (name, sep, arg, t, depth) =>
  sep === undefined ? undefined : expand(`%{${name === 'S' ? 'SOURCE' : 'PATCH'}${valueOf(arg, t, depth).trim()}}`, t, depth + 1);
const define: Builtin = (name, sep, arg, t, depth) => {
  if (sep === undefined) return undefined;
  defineDirective(name, arg ?? '', t, depth);
  return '';
};
const urlPath: Builtin = (_name, _sep, arg, t, depth) => {
  const v = valueOf(arg, t, depth);
  const m = /^[a-z]+:\/\/[^/]*(\/.*)?$/.exec(v);
  return m ? (m[1] ?? '') : v;
};

/** rpm's built-in macros by name: one lookup tells whether a braced name is one (most are not). */
const BUILTINS = new Map<string, Builtin>([
  ['expand', (_name, _sep, arg, t, depth) => expand(valueOf(arg, t, depth), t, depth + 1)],
  // Lua is not run; rpm's output is unknowable here.
  ...['lua', 'echo', 'warn', 'error', 'verbose', 'trace', 'dump', 'load', 'dnl', 'getenv'].map((n): [string, Builtin] => [n, silent]),
  ['dirname', (_name, _sep, arg, t, depth) => {
    const v = valueOf(arg, t, depth);
    const slash = v.lastIndexOf('/');
    return slash < 0 ? v : slash === 0 ? '/' : v.slice(0, slash);
  }],
  ['basename', (_name, _sep, arg, t, depth) => {
    const v = valueOf(arg, t, depth);
    return v.slice(v.lastIndexOf('/') + 1);
  }],
  ['suffix', (_name, _sep, arg, t, depth) => {
    const v = valueOf(arg, t, depth);
    const dot = v.lastIndexOf('.');
    return dot < 0 ? '' : v.slice(dot + 1);
  }],
  ['url2path', urlPath],
  ['u2p', urlPath],
  ['uncompress', asValue],
  ['quote', asValue],
  ['shrink', (_name, _sep, arg, t, depth) => valueOf(arg, t, depth).trim().replace(/\s+/g, ' ')],
  ['defined', defined],
  ['undefined', defined],
  ['with', withOption],
  ['without', withOption],
  ['S', sourceOrPatch],
  ['P', sourceOrPatch],
  ['define', define],
  ['global', define],
  ['undefine', define],
]);

/** rpm's built-in macros of the %{name:arg} / %{name arg} form; undefined if `name` is none. */
function callBuiltin(name: string, sep: string | undefined, arg: string | undefined, t: MacroTable, depth: number): string | undefined {
  return BUILTINS.get(name)?.(name, sep, arg, t, depth);
}
