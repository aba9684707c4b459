// Line-level scanning for the spec parser (parse.ts): one text being read (a spec or an
// %include'd file) as a Source, reading its next line, skipping to the next line that can
// matter, the directive word of a %-line, and whether a line continues on the next one.
// Knows the directive words, not what they do. Also matchClose, which expand.ts uses too.
import { isLineTerminator } from './chars.js';

export interface Source {
  readonly text: string;
  pos: number;
  /** Line number of the line starting at pos (1-based). */
  line: number;
  readonly file: string;
  readonly depth: number;
  /** Lines produced by a macro: all report this line. */
  readonly fixedLine?: number;
}

export const CONDITIONAL_WORDS = new Set(['if', 'ifarch', 'ifnarch', 'ifos', 'ifnos', 'elif', 'elifarch', 'elifnarch', 'else', 'endif']);
/** Directives that matter in every section (the rest of a script body is skipped unread). */
export const STRUCTURE_WORDS = new Set([
  'define', 'global', 'undefine', 'include', 'package', 'description', 'files', 'check', 'changelog', 'end',
  'prep', 'build', 'install', 'clean', 'conf', 'generate_buildrequires', 'sourcelist', 'patchlist',
  'pre', 'post', 'preun', 'postun', 'pretrans', 'posttrans', 'preuntrans', 'postuntrans', 'verifyscript',
  'triggerprein', 'triggerin', 'triggerun', 'triggerpostun', 'filetriggerin', 'filetriggerun', 'filetriggerpostun',
  'transfiletriggerin', 'transfiletriggerun', 'transfiletriggerpostun',
]);

const WORD_CHARS = /[A-Za-z0-9_]*/y;

/** The macro or directive name right after '%' (or '%{', '%{?', '%{!?'). */
export function directiveWord(trimmed: string): string {
  const n = trimmed.length;
  let i = 1;
  if (i < n && trimmed.charCodeAt(i) === 123) i++; // '{'
  while (i < n && (trimmed.charCodeAt(i) === 63 || trimmed.charCodeAt(i) === 33)) i++; // '?' '!'
  WORD_CHARS.lastIndex = i;
  WORD_CHARS.test(trimmed); // always matches (maybe empty); test() allocates no match array
  return trimmed.slice(i, WORD_CHARS.lastIndex);
}

/** Lines where only %-directives matter (script bodies, descriptions, changelog, dead branches). */
export const PERCENT_LINE = /^[ \t]*%/gm;
/**
 * The %-lines the main loop acts on outside preamble/%package/%files: conditionals and
 * structure directives (a superset of what it acts on: it re-checks each line). Valid only
 * while no macro has a multi-line body (such a macro's call may open a section).
 */
export const LIVE_DIRECTIVE_LINE = new RegExp(`^[ \\t]*%\\{?[?!]*(?:${[...CONDITIONAL_WORDS, ...STRUCTURE_WORDS].join('|')})(?![A-Za-z0-9_])`, 'gm');
/** In a false %if branch only conditionals matter. */
export const DEAD_DIRECTIVE_LINE = new RegExp(`^[ \\t]*%\\{?[?!]*(?:${[...CONDITIONAL_WORDS].join('|')})(?![A-Za-z0-9_])`, 'gm');
export const DEFINE_LINE = /^%(define|global|undefine)\s/;

export function nextLine(src: Source): string {
  const nl = src.text.indexOf('\n', src.pos);
  const end = nl < 0 ? src.text.length : nl;
  let line = src.text.slice(src.pos, end);
  if (line.endsWith('\r')) line = line.slice(0, -1);
  src.pos = end + 1;
  src.line++;
  return line;
}

/**
 * Moves to the start of the next line `re` (global, multiline, a match never spans lines)
 * matches, counting lines skipped. test(), then back from lastIndex to the match's start
 * (just after a line terminator, as `^` requires): no match array.
 */
export function skipToLine(src: Source, re: RegExp): void {
  re.lastIndex = src.pos;
  if (!re.test(src.text)) {
    // Nothing more to read in this text (typically the rest of %changelog): no line of it
    // is ever reported, so its lines are not counted.
    src.pos = src.text.length;
    return;
  }
  let to = re.lastIndex - 1;
  while (to > src.pos && !isLineTerminator(src.text.charCodeAt(to - 1))) to--;
  for (let i = src.text.indexOf('\n', src.pos); i >= 0 && i < to; i = src.text.indexOf('\n', i + 1)) src.line++;
  src.pos = to;
}

/**
 * Index of the bracket closing the one at `open`, counting nesting; -1 if unterminated.
 * Jumps between brackets with indexOf (native) rather than visiting every character.
 */
export function matchClose(text: string, open: number, o: string, c: string): number {
  let level = 0;
  let nextOpen = text.indexOf(o, open);
  for (let i = open; ; ) {
    const nextClose = text.indexOf(c, i);
    if (nextClose < 0) return -1;
    while (nextOpen >= 0 && nextOpen < nextClose) {
      level++;
      nextOpen = text.indexOf(o, nextOpen + 1);
    }
    if (--level === 0) return nextClose;
    i = nextClose + 1;
  }
}

/** True while a line has an unclosed %{ or %( (rpm keeps reading lines then). */
export function needsMore(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0 && i < text.length; i = text.indexOf('%', i + 1)) {
    const c = text[i + 1];
    if (c === '%') {
      i++;
      continue;
    }
    if ((c === '{' && matchClose(text, i + 1, '{', '}') < 0) || (c === '(' && matchClose(text, i + 1, '(', ')') < 0)) return true;
  }
  return false;
}
