// parseSpec: one RPM spec text → PackageSpec with rpm's semantics for what Photon specs use
// (macros, conditionals, %include, subpackages, dependencies, sources, checksums). Pure:
// file reads for %include are injected. Does not know about trees, graphs or other specs.
// Changing what this parser produces? Bump PARSER_VERSION in parse-cache.ts (the cache
// key also hashes src/specs sources, so a forgotten bump is still caught).
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import type { PackageSpec } from './types.js';
import { MacroTable, macroLayer, type MacroLayer } from './macro-table.js';
import { expand } from './expand.js';
import { builtinMacros } from './builtin-macros.js';
import { ConditionStack, conditionalOf } from './conditionals.js';
import { evaluateExpression, ExprError, isTrue } from './expr.js';
import { filesEntry, isSectionWord, sectionOf, sectionTarget, type SectionKind } from './sections.js';
import { PackageBuilder } from './package-builder.js';
import { SpecState } from './spec-state.js';
import { isAsciiLetter } from './chars.js';
import {
  CONDITIONAL_WORDS, DEAD_DIRECTIVE_LINE, DEFINE_LINE, directiveWord, LIVE_DIRECTIVE_LINE, needsMore, nextLine, PERCENT_LINE,
  skipToLine, STRUCTURE_WORDS, type Source,
} from './line-scan.js';

export interface ParseSpecOptions {
  /** Absolute path of the spec (errors and %include resolution use it). */
  readonly file: string;
  readonly relPath: string;
  readonly arch: string;
  /** Photon's user macros (dist, with_check, …): defined after rpm's built-ins. */
  readonly macros?: Iterable<readonly [string, string]>;
  /** pkg_build_options.json macros ("name value") per main package Name. */
  readonly packageMacros?: ReadonlyMap<string, readonly string[]>;
  /** Reads an %include'd file (absolute path). Without it %include is an error. */
  readonly readInclude?: (file: string) => string;
  /** Prebuilt baseMacros(arch, …) to share across parses (then `macros` is added on top). */
  readonly baseMacros?: MacroLayer;
}

const MAX_INCLUDE_DEPTH = 16;

export function parseSpec(text: string, options: ParseSpecOptions): PackageSpec {
  const first = parseOnce(text, options, options.arch);
  // rpm re-reads a BuildArch: noarch spec with %_target_cpu = noarch, so %ifarch is false there.
  if (first.spec.buildArch === 'noarch' && first.sawArchConditional) return parseOnce(text, options, 'noarch').spec;
  return first.spec;
}

/** Prebuilt rpm + Photon macros for one arch, shared by every parse of a load. */
export function baseMacros(arch: string, macros: Iterable<readonly [string, string]> = []): MacroLayer {
  return macroLayer([...builtinMacros(arch), ...macros]);
}

function parseOnce(text: string, options: ParseSpecOptions, targetCpu: string): { spec: PackageSpec; sawArchConditional: boolean } {
  const table = new MacroTable(options.baseMacros ?? baseMacros(options.arch, options.macros));
  if (options.baseMacros && options.macros) for (const [k, v] of options.macros) table.define(k, v);
  if (targetCpu !== options.arch) table.define('_target_cpu', targetCpu);
  const specDir = path.dirname(options.file);
  table.define('_sourcedir', specDir);
  table.define('_specdir', specDir);
  const state = new SpecState(options, table);
  const conds = new ConditionStack();
  const stack: Source[] = [{ text, pos: 0, line: 1, file: options.file, depth: 0 }];
  let section = 'preamble' as SectionKind | 'preamble';
  let current: PackageBuilder = state.main;
  let sawArchConditional = false;

  while (stack.length > 0) {
    const src = stack[stack.length - 1]!;
    const everyLine = conds.live && (section === 'preamble' || section === 'package' || section === 'files');
    if (!everyLine) skipToLine(src, !conds.live ? DEAD_DIRECTIVE_LINE : table.multiLine ? PERCENT_LINE : LIVE_DIRECTIVE_LINE);
    if (src.pos >= src.text.length) {
      if (src.fixedLine === undefined) conds.checkClosed(src.depth);
      stack.pop();
      continue;
    }
    const lineNo = src.fixedLine ?? src.line;
    let raw = nextLine(src);
    table.file = src.file;
    table.line = lineNo;
    if (everyLine && section !== 'files' && raw.length > 0 && isAsciiLetter(raw.charCodeAt(0)) && raw.indexOf('%') < 0) {
      // The commonest line (~60 % of a preamble): a header with nothing to expand, join or
      // evaluate. Exactly what the general path below does with it, without its checks.
      state.header(raw.trim(), current, lineNo, src.file);
      continue;
    }
    const trimmed = raw.trimStart();
    const isDirective = trimmed.length > 0 && trimmed.charCodeAt(0) === 37; // '%'
    const word = isDirective ? directiveWord(trimmed) : '';

    if (isDirective && CONDITIONAL_WORDS.has(word)) {
      const cond = conditionalOf(trimmed);
      if (cond) {
        handleConditional(cond.keyword, cond.rest, src, lineNo);
        continue;
      }
    }
    if (!conds.live) continue;
    if (!everyLine && !(isDirective && (STRUCTURE_WORDS.has(word) || table.get(word)?.body.includes('\n')))) continue;
    if (trimmed === '' || trimmed.charCodeAt(0) === 35) continue; // blank or '#'

    // Logical line: `\`-continued %define bodies and unclosed %{ / %( are joined, as rpm does.
    const isDefine = isDirective && (word === 'define' || word === 'global' || word === 'undefine') && DEFINE_LINE.test(trimmed);
    while (src.pos < src.text.length && ((isDefine && raw.endsWith('\\')) || needsMore(raw))) raw += '\n' + nextLine(src);

    if (isDirective) {
      if (isDefine) {
        const joined = raw.trimStart();
        state.noteChecksumDefine(joined, lineNo);
        expand(joined, table);
        continue;
      }
      if (trimmed.startsWith('%include') && /^%include\s/.test(trimmed)) {
        includeFile(trimmed.slice('%include'.length), src, lineNo);
        continue;
      }
      const sec = isSectionWord(word) ? sectionLine(trimmed, word) : undefined;
      if (sec) {
        openSection(sec.kind, sec.args, lineNo);
        continue;
      }
      const multi = multiLineMacro(trimmed);
      if (multi !== undefined) {
        stack.push({ text: multi, pos: 0, line: lineNo, file: src.file, depth: src.depth, fixedLine: lineNo });
        continue;
      }
      if (!everyLine) continue;
    }
    if (section === 'files') {
      const entry = filesEntry(expand(raw, table));
      if (entry) current.files.push(entry);
    } else {
      const expanded = expand(raw, table);
      const nl = expanded.indexOf('\n');
      const first = (nl < 0 ? expanded : expanded.slice(0, nl)).trim();
      if (first !== '') state.header(first, current, lineNo, src.file);
    }
  }
  return { spec: state.finish(), sawArchConditional };

  function handleConditional(keyword: string, rest: string, src: Source, line: number): void {
    const file = src.file;
    const evaluateIf = () => evalCondition(rest, file, line);
    const evaluateArch = (negate: boolean, os: boolean) => () => {
      sawArchConditional ||= !os;
      const wanted = os ? 'linux' : (table.get('_target_cpu')?.body ?? targetCpu);
      const hit = expand(rest, table).split(/[\s,]+/).filter(Boolean).includes(wanted);
      return negate ? !hit : hit;
    };
    switch (keyword) {
      case 'if': return conds.open(evaluateIf, file, line, src.depth);
      case 'ifarch': return conds.open(evaluateArch(false, false), file, line, src.depth);
      case 'ifnarch': return conds.open(evaluateArch(true, false), file, line, src.depth);
      case 'ifos': return conds.open(evaluateArch(false, true), file, line, src.depth);
      case 'ifnos': return conds.open(evaluateArch(true, true), file, line, src.depth);
      case 'elif': return conds.elif(evaluateIf, keyword, file, line);
      case 'elifarch': return conds.elif(evaluateArch(false, false), keyword, file, line);
      case 'elifnarch': return conds.elif(evaluateArch(true, false), keyword, file, line);
      case 'else': return conds.else(file, line);
      default: return conds.endif(file, line);
    }
  }

  function evalCondition(rest: string, file: string, line: number): boolean {
    const expr = expand(rest.replace(/\s#.*$/, ''), table);
    try {
      return isTrue(evaluateExpression(expr));
    } catch (error) {
      if (error instanceof ExprError) throw new PhotonBuildError('spec-syntax', `bad %if expression '${expr.trim()}': ${error.message}`, { file, line });
      throw error;
    }
  }

  function includeFile(arg: string, src: Source, line: number): void {
    const where = { file: src.file, line };
    const target = expand(arg, table).trim();
    if (src.depth + 1 > MAX_INCLUDE_DEPTH) throw new PhotonBuildError('spec-syntax', `%include nested too deeply at ${target}`, where);
    const file = path.resolve(specDir, target);
    if (!options.readInclude) throw new PhotonBuildError('spec-syntax', `cannot %include ${target}: no file access`, where);
    let content: string;
    try {
      content = options.readInclude(file);
    } catch (error) {
      throw new PhotonBuildError('spec-syntax', `cannot read %include file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, where);
    }
    state.includes.push(file);
    stack.push({ text: content, pos: 0, line: 1, file, depth: src.depth + 1 });
  }

  function openSection(kind: SectionKind, args: readonly string[], line: number): void {
    section = kind;
    if (kind === 'package') {
      current = state.newSubpackage(args, line);
      return;
    }
    if (kind === 'check') state.hasCheck = true;
    if (kind === 'files' || kind === 'description' || kind === 'script') {
      const target = sectionTarget(args, state.main.name);
      const pkg = target.name === undefined ? state.main : state.packageNamed(target.name);
      if (!pkg) {
        // rpm: "package X does not exist"; keep going and ignore the section body.
        section = 'build';
        return;
      }
      current = pkg;
      if (kind === 'files') pkg.hasFiles = true;
      if (kind === 'script') state.addInterpreter(pkg, target.interpreter, line);
    }
  }

  /** The section a `%word …` line opens once expanded (rpm expands section lines first). */
  function sectionLine(trimmed: string, word: string): ReturnType<typeof sectionOf> {
    // No other '%' and no macro named `word`: expansion would return the line unchanged.
    if (trimmed.indexOf('%', 1) < 0 && !table.has(word)) return sectionOf(trimmed.trim());
    return sectionOf(trimmed) ? sectionOf(expand(trimmed, table).trim()) : undefined;
  }

  /** A line that is a call of a macro whose value spans lines (it may open sections). */
  function multiLineMacro(trimmed: string): string | undefined {
    if (!table.multiLine) return undefined;
    const m = /^%\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(trimmed);
    if (!m || !table.get(m[1]!)?.body.includes('\n')) return undefined;
    const out = expand(trimmed, table);
    return out.includes('\n') ? out : undefined;
  }
}
