// The macro table of one spec parse: a stack of definitions per name (rpm's %define pushes,
// %undefine pops) plus the work budget that guarantees expansion terminates.
// Holds data only; expansion is in expand.ts.
import { PhotonBuildError } from '../errors.js';

export interface MacroDef {
  readonly body: string;
  /** Set for function-like macros (`%define f(ab:) body`): the option string. */
  readonly params?: string;
}

/** rpm's max_macro_depth. */
export const MAX_MACRO_DEPTH = 64;
/** Total macro calls and output characters one spec may cost; beyond it the spec is rejected. */
export const MAX_EXPANSION_STEPS = 2_000_000;
export const MAX_EXPANSION_CHARS = 4_000_000;

/** Definitions shared by many parses (rpm built-ins + Photon macros); never mutated. */
export type MacroLayer = ReadonlyMap<string, MacroDef>;

export function macroLayer(entries: Iterable<readonly [string, string]>): MacroLayer {
  const m = new Map<string, MacroDef>();
  for (const [k, body] of entries) m.set(k, { body, params: undefined });
  return m;
}

const multiLineLayers = new WeakMap<MacroLayer, boolean>();

function hasMultiLine(layer: MacroLayer): boolean {
  let known = multiLineLayers.get(layer);
  if (known === undefined) {
    known = [...layer.values()].some((d) => d.body.includes('\n'));
    multiLineLayers.set(layer, known);
  }
  return known;
}

export interface MemoisedExpansion {
  readonly generation: number;
  readonly value: string;
  /** Macro calls and characters the expansion charged. */
  readonly steps: number;
  readonly chars: number;
  /** How many levels below its own depth the expansion went. */
  readonly depthUsed: number;
}

export class MacroTable {
  /** Per-parse definitions; a name present here shadows the base layer (empty = undefined). */
  private readonly stacks = new Map<string, MacroDef[]>();
  private readonly base: MacroLayer;
  steps = 0;
  chars = 0;
  /** Set once any definition (base layer included) has a multi-line body. */
  multiLine: boolean;
  /** Bumped by every define/undefine: a memoised expansion is valid while it is unchanged. */
  generation = 0;
  /** Deepest expansion depth reached (expand.ts keeps it for memoised expansions). */
  maxDepth = 0;
  /** Expansions of parameterless definitions (expand.ts), by definition. */
  readonly memo = new Map<MacroDef, MemoisedExpansion>();
  /** Where errors point: updated by the parser line by line. */
  file = '';
  line = 0;

  constructor(base: MacroLayer = new Map(), initial?: Iterable<readonly [string, string]>) {
    this.base = base;
    this.multiLine = hasMultiLine(base);
    if (initial) for (const [name, body] of initial) this.define(name, body);
  }

  define(name: string, body: string, params?: string): void {
    this.generation++;
    // One object shape for every definition (params undefined when absent): code reading
    // definitions then sees a single hidden class, which the optimizer relies on.
    const def: MacroDef = { body, params };
    if (!this.multiLine && body.includes('\n')) this.multiLine = true;
    const stack = this.stacks.get(name);
    if (stack) {
      stack.push(def);
      return;
    }
    const inherited = this.base.get(name);
    this.stacks.set(name, inherited ? [inherited, def] : [def]);
  }

  undefine(name: string): void {
    this.generation++;
    const stack = this.stacks.get(name);
    if (stack) stack.pop();
    else if (this.base.has(name)) this.stacks.set(name, []);
  }

  get(name: string): MacroDef | undefined {
    const stack = this.stacks.get(name);
    if (stack) return stack[stack.length - 1];
    return this.base.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Charges one macro call (and its output size); throws once the budget is spent. */
  charge(outputChars: number): void {
    this.steps++;
    this.chars += outputChars;
    if (this.steps > MAX_EXPANSION_STEPS || this.chars > MAX_EXPANSION_CHARS) {
      throw new PhotonBuildError('spec-syntax', 'macro expansion too large (runaway macro?)', this.where());
    }
  }

  /** Charges what a memoised expansion cost when it was computed. */
  chargeAgain(steps: number, chars: number): void {
    this.steps += steps - 1;
    this.chars += chars;
    this.charge(0);
  }

  where(): { file: string; line: number } {
    return { file: this.file, line: this.line };
  }
}
