// Recognises rpm section lines (%package, %files, %post, %build, …) and parses their
// arguments (-n NAME, a suffix, -p PROG, -f FILE). Knows nothing about macros.

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

/** Whether `word` names a section (a line `%word …` may open one; sectionOf decides). */
export function isSectionWord(word: string): boolean {
  return SECTION_WORDS.has(word);
}

const SECTION_WORDS = new Set(['package', 'description', 'files', 'check', 'changelog', 'end', ...SCRIPTLETS, ...BUILD_SECTIONS]);

/** The section a line opens, or undefined. `line` must start with '%' (after indentation). */
export function sectionOf(line: string): SectionLine | undefined {
  const m = /^%([a-z_]+)(?=\s|$)(.*)$/.exec(line);
  if (!m) return undefined;
  const keyword = m[1]!;
  const kind: SectionKind | undefined =
    keyword === 'package' ? 'package'
    : keyword === 'description' ? 'description'
    : keyword === 'files' ? 'files'
    : keyword === 'check' ? 'check'
    : keyword === 'changelog' ? 'changelog'
    : keyword === 'end' ? 'end'
    : SCRIPTLETS.has(keyword) ? 'script'
    : BUILD_SECTIONS.has(keyword) ? 'build'
    : undefined;
  if (!kind) return undefined;
  const rest = m[2]!;
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

const FILES_DIRECTIVE = /^%([a-z_]+)(\([^)]*\))?\s*/;

/** Strips %files directives (%dir, %config(...), %attr(...), …); undefined for %exclude lines. */
export function filesEntry(line: string): string | undefined {
  let rest = line.trim();
  while (rest.length > 0 && rest.charCodeAt(0) === 37) {
    const m = FILES_DIRECTIVE.exec(rest);
    if (!m) break;
    if (m[1] === 'exclude' || m[1] === 'defattr') return undefined;
    rest = rest.slice(m[0].length);
  }
  const end = rest.search(/\s/);
  const path = end < 0 ? rest : rest.slice(0, end);
  if (!path.startsWith('/') || /[*?[\]{}%]/.test(path)) return undefined;
  return path.replace(/\/+$/, '') || '/';
}
