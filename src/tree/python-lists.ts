// Extracts Python list-of-string literals (`name = ["a", "b", ...]`) from a tree's own
// support/package-builder/constants.py so the toolchain lists come from the tree rather
// than from our code. Not a Python parser: handles string literals, commas and comments.

/** The string items of the first `<name> = [ ... ]` literal in the text, or undefined. */
export function pythonStringList(text: string, name: string): string[] | undefined {
  const start = new RegExp(`(^|\\n)[ \\t]*${name}[ \\t]*=[ \\t]*\\[`).exec(text);
  if (!start) return undefined;
  const items: string[] = [];
  let i = start.index + start[0].length;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ']') return items;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      items.push(text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === ',' || /\s/.test(c)) {
      i++;
      continue;
    }
    return undefined; // something that is not a plain string list
  }
  return undefined;
}
