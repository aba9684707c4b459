// Recognises rpm section lines (%package, %files, %post, %build, …) and parses their
// arguments (-n NAME, a suffix, -p PROG, -f FILE). Knows nothing about macros.
import { isSpace, skipBlanks } from './chars.js';

export type SectionKind = 'package' | 'description' | 'files' | 'script' | 'build' | 'check' | 'changelog' | 'end';

const SCRIPTLETS = new Set([
  'pre', 'post', 'preun', 'postun', 'pretrans', 'posttrans', 'preuntrans', 'postuntrans', 'verifyscript',
  'triggerprein', 'triggerin', 'triggerun', 'triggerpostun',
  'filetriggerin', 'filetriggerun', 'filetriggerpostun', 'transfiletriggerin', 'transfiletriggerun', 'transfiletriggerpostun',
]);
const BUILD_SECTIONS = new Set(['prep', 'build', 'install', 'clean', 'conf', 'generate_buildrequires', 'sourcelist', 'patchlist']);

export interface SectionLine {
  readonly kind: SectionKind;
  readonly keyword: string;
  /** Whitespace-separated arguments after the keyword (trigger conditions after `--` dropped). */
  readonly args: readonly string[];
}

/** Section keyword → kind. */
const SECTION_KINDS = new Map<string, SectionKind>([
  ['package', 'package'], ['description', 'description'], ['files', 'files'], ['check', 'check'], ['changelog', 'changelog'], ['end', 'end'],
  ...[...SCRIPTLETS].map((k): [string, SectionKind] => [k, 'script']),
  ...[...BUILD_SECTIONS].map((k): [string, SectionKind] => [k, 'build']),
]);

/** Whether `word` names a section (a line `%word …` may open one; sectionOf decides). */
export function isSectionWord(word: string): boolean {
  return SECTION_KINDS.has(word);
}

const KEYWORD = /[a-z_]+/y;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const NO_ARGS: readonly string[] = Object.freeze([]);

/**
 * The section a line opens, or undefined. `line` must start with '%' (after indentation).
 * Exactly what /^%([a-z_]+)(?=\s|$)(.*)$/ accepts, scanned without a match array.
 */
export function sectionOf(line: string): SectionLine | undefined {
  if (line.length < 2 || line.charCodeAt(0) !== 37) return undefined;
  KEYWORD.lastIndex = 1;
  if (!KEYWORD.test(line)) return undefined;
  const end = KEYWORD.lastIndex;
  if (end < line.length && !isSpace(line.charCodeAt(end))) return undefined;
  const keyword = line.slice(1, end);
  const kind = SECTION_KINDS.get(keyword);
  if (!kind) return undefined;
  if (end === line.length) return { kind, keyword, args: NO_ARGS };
  const rest = line.slice(end);
  if (LINE_TERMINATOR.test(rest)) return undefined; // `.` stops at line terminators
  const dd = rest.indexOf(' -- ');
  const argText = dd >= 0 ? rest.slice(0, dd) : rest;
  return { kind, keyword, args: argText.split(/\s+/).filter(Boolean) };
}

export interface SectionTarget {
  /** Full subpackage name, or undefined for the main package. */
  readonly name?: string;
  /** `-p <prog>` of a scriptlet. */
  readonly interpreter?: string;
}

/** Which package a section applies to: `-n NAME`, `SUFFIX` (main-SUFFIX) or the main one. */
export function sectionTarget(args: readonly string[], mainName: string): SectionTarget {
  let name: string | undefined;
  let interpreter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') name = args[++i];
    else if (a === '-p') interpreter = args[++i];
    else if (a === '-f' || a === '-l' || a === '-P' || a === '-e') i++;
    else if (a.startsWith('-')) continue;
    else if (name === undefined) name = `${mainName}-${a}`;
  }
  return { ...(name !== undefined ? { name } : {}), ...(interpreter !== undefined ? { interpreter } : {}) };
}

const FILES_DIRECTIVE_NAME = /%[a-z_]+/y;
const BLANK = /\s/g;
const NOT_LITERAL = /[*?[\]{}%]/;
const TRAILING_SLASHES = /\/+$/;

/**
 * Strips %files directives (%dir, %config(...), %attr(...), …); undefined for %exclude lines.
 * What repeated /^%([a-z_]+)(\([^)]*\))?\s*\/ strips, scanned without match arrays.
 */
export function filesEntry(line: string): string | undefined {
  const rest = line.trim();
  let at = 0;
  while (at < rest.length && rest.charCodeAt(at) === 37) {
    FILES_DIRECTIVE_NAME.lastIndex = at;
    if (!FILES_DIRECTIVE_NAME.test(rest)) break;
    let next = FILES_DIRECTIVE_NAME.lastIndex;
    const name = rest.slice(at + 1, next);
    if (name === 'exclude' || name === 'defattr') return undefined;
    if (next < rest.length && rest.charCodeAt(next) === 40) {
      // '(' … ')': without the closing parenthesis the optional group matches nothing
      const close = rest.indexOf(')', next + 1);
      if (close >= 0) next = close + 1;
    }
    at = skipBlanks(rest, next);
  }
  BLANK.lastIndex = at;
  const end = BLANK.test(rest) ? BLANK.lastIndex - 1 : rest.length;
  const path = rest.slice(at, end);
  if (!path.startsWith('/') || NOT_LITERAL.test(path)) return undefined;
  return path.replace(TRAILING_SLASHES, '') || '/';
}
