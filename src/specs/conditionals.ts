// The %if/%ifarch/%elif/%else/%endif stack of one spec parse. Decides whether a line is
// live; evaluating a condition is the caller's (it needs macros). Errors carry file:line.
import { PhotonBuildError } from '../errors.js';

export type CondKeyword = 'if' | 'ifarch' | 'ifnarch' | 'ifos' | 'ifnos' | 'elif' | 'elifarch' | 'elifnarch' | 'else' | 'endif';

const COND_RE = /^%(ifarch|ifnarch|ifos|ifnos|if|elifarch|elifnarch|elif|else|endif)(?=\s|$)(.*)$/;

export function conditionalOf(trimmed: string): { keyword: CondKeyword; rest: string } | undefined {
  const m = COND_RE.exec(trimmed);
  return m ? { keyword: m[1] as CondKeyword, rest: m[2]!.trim() } : undefined;
}

interface Frame {
  readonly parentLive: boolean;
  live: boolean;
  taken: boolean;
  sawElse: boolean;
  readonly file: string;
  readonly line: number;
  readonly depth: number;
}

export class ConditionStack {
  private readonly frames: Frame[] = [];
  /** Whether lines are live at this point (the innermost frame's state; true outside any %if). Read-only for callers. */
  live = true;

  private update(): void {
    const top = this.frames[this.frames.length - 1];
    this.live = top ? top.live : true;
  }

  /** Whether the condition of a new %if must be evaluated (its parent is live). */
  open(evaluate: () => boolean, file: string, line: number, depth: number): void {
    const parentLive = this.live;
    const value = parentLive ? evaluate() : false;
    this.frames.push({ parentLive, live: parentLive && value, taken: parentLive && value, sawElse: false, file, line, depth });
    this.update();
  }

  elif(evaluate: () => boolean, keyword: string, file: string, line: number): void {
    const top = this.top(keyword, file, line);
    if (top.sawElse) throw new PhotonBuildError('spec-syntax', `%${keyword} after %else`, { file, line });
    if (!top.parentLive || top.taken) {
      top.live = false;
      this.update();
      return;
    }
    top.live = evaluate();
    top.taken = top.live;
    this.update();
  }

  else(file: string, line: number): void {
    const top = this.top('else', file, line);
    if (top.sawElse) throw new PhotonBuildError('spec-syntax', 'two %else in one %if', { file, line });
    top.sawElse = true;
    top.live = top.parentLive && !top.taken;
    top.taken = true;
    this.update();
  }

  endif(file: string, line: number): void {
    this.top('endif', file, line);
    this.frames.pop();
    this.update();
  }

  /** Throws when a %if opened at include depth `depth` (or deeper) is still open. */
  checkClosed(depth: number): void {
    const open = this.frames.find((f) => f.depth >= depth);
    if (open) throw new PhotonBuildError('spec-syntax', 'unterminated %if (no %endif)', { file: open.file, line: open.line });
  }

  private top(keyword: string, file: string, line: number): Frame {
    const top = this.frames[this.frames.length - 1];
    if (!top) throw new PhotonBuildError('spec-syntax', `%${keyword} without %if`, { file, line });
    return top;
  }
}
