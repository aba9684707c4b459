// Parses one targets/*.yaml text into target definitions, checking each entry on its own
// (known keys, types, step kinds, repeated list items) and remembering the line of every
// key path for later messages. Cross-file checks (names, aliases, references, cycles)
// are in validate.ts; reading files is in load.ts.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { PhotonBuildError } from '../errors.js';
import { STEP_KINDS, TARGET_GROUPS } from './types.js';
import type { StepKind, TargetDefinition, TargetGroup } from './types.js';

export interface ParsedEntry {
  readonly def: TargetDefinition;
  /** Key path prefix of this entry, e.g. "targets[3]". */
  readonly keyPath: string;
  /** Line of every key path of this entry ("targets[3].depends-on[1]" -> 42). */
  readonly lines: ReadonlyMap<string, number>;
}

export interface ParsedFile {
  readonly file: string;
  readonly group: TargetGroup;
  readonly entries: readonly ParsedEntry[];
}

const TOP_KEYS = ['group', 'targets'] as const;
const ENTRY_KEYS = [
  'name', 'description', 'depends-on', 'after', 'aliases', 'package-lists', 'outputs', 'steps',
  'format', 'arch', 'internal', 'chosen-by-env', 'instead-of',
] as const;
type EntryKey = (typeof ENTRY_KEYS)[number];
const REQUIRED: readonly EntryKey[] = ['name', 'description', 'depends-on', 'steps'];
const NAME = /^[a-z0-9][a-z0-9+._-]*$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ARCHES = ['x86_64', 'aarch64'];

export function parseTargetsYaml(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    const first = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new PhotonBuildError('target-definition', `invalid YAML: ${first}`, { file, line });
  }
  const lineOf = (node: Node | null | undefined, fallback = 1): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
  const fail = (message: string, key: string, node: Node | null | undefined, fallback?: number): never => {
    throw new PhotonBuildError('target-definition', message, { file, line: lineOf(node, fallback), key });
  };

  const root = doc.contents;
  if (!isMap(root)) return fail('expected a mapping with keys group and targets', '(root)', root);
  const top = mapEntries(root, '', TOP_KEYS, fail);
  const groupNode = top.get('group');
  if (!groupNode) return fail("missing key 'group'", 'group', root);
  const group = scalarString(groupNode, 'group', fail);
  if (!(TARGET_GROUPS as readonly string[]).includes(group)) {
    return fail(`unknown group '${group}' (expected one of: ${TARGET_GROUPS.join(', ')})`, 'group', groupNode);
  }
  const targetsNode = top.get('targets');
  if (!targetsNode) return fail("missing key 'targets'", 'targets', root);
  if (!isSeq(targetsNode)) return fail('expected a list of targets', 'targets', targetsNode);

  const entries = targetsNode.items.map((item, i) =>
    parseEntry(item as Node, `targets[${i}]`, group as TargetGroup, file, lineOf, fail),
  );
  return { file, group: group as TargetGroup, entries };
}

type Fail = (message: string, key: string, node: Node | null | undefined, fallback?: number) => never;

function parseEntry(
  node: Node,
  keyPath: string,
  group: TargetGroup,
  file: string,
  lineOf: (node: Node | null | undefined, fallback?: number) => number,
  fail: Fail,
): ParsedEntry {
  if (!isMap(node)) return fail('expected a mapping (name, description, depends-on, …)', keyPath, node);
  const fields = mapEntries(node, `${keyPath}.`, ENTRY_KEYS, fail);
  const lines = new Map<string, number>([[keyPath, lineOf(node)]]);
  const failAt = (message: string, key: string): never => fail(message, key, undefined, lines.get(key) ?? lineOf(node));
  for (const key of REQUIRED) {
    if (!fields.has(key)) fail(`missing key '${key}'`, `${keyPath}.${key}`, node);
  }
  const str = (key: EntryKey): string | undefined => {
    const value = fields.get(key);
    if (value === undefined) return undefined;
    lines.set(`${keyPath}.${key}`, lineOf(value));
    return scalarString(value, `${keyPath}.${key}`, fail);
  };
  const list = (key: EntryKey): string[] => {
    const value = fields.get(key);
    if (value === undefined) return [];
    const path = `${keyPath}.${key}`;
    lines.set(path, lineOf(value));
    if (!isSeq(value)) return fail(`expected a list of strings, got ${describe(value)}`, path, value);
    const seen = new Set<string>();
    return value.items.map((item, j) => {
      const itemPath = `${path}[${j}]`;
      const text = scalarString(item as Node, itemPath, fail);
      lines.set(itemPath, lineOf(item as Node, lineOf(value)));
      if (seen.has(text)) fail(`'${text}' is listed twice`, itemPath, item as Node);
      seen.add(text);
      return text;
    });
  };

  const name = str('name')!;
  if (!NAME.test(name)) fail(`invalid target name '${name}' (lower case, digits, . _ + -)`, `${keyPath}.name`, fields.get('name'));
  const description = str('description')!;
  if (description.trim() === '') fail('description is empty', `${keyPath}.description`, fields.get('description'));
  const aliases = list('aliases');
  aliases.forEach((alias, j) => {
    if (!NAME.test(alias)) failAt(`invalid alias '${alias}'`, `${keyPath}.aliases[${j}]`);
  });
  const steps = list('steps');
  steps.forEach((step, j) => {
    if (!(STEP_KINDS as readonly string[]).includes(step)) {
      failAt(`unknown step kind '${step}' (expected one of: ${STEP_KINDS.join(', ')})`, `${keyPath}.steps[${j}]`);
    }
  });
  const format = str('format');
  const arch = str('arch');
  if (arch !== undefined && !ARCHES.includes(arch)) {
    fail(`unknown arch '${arch}' (expected one of: ${ARCHES.join(', ')})`, `${keyPath}.arch`, fields.get('arch'));
  }
  const internalNode = fields.get('internal');
  let internal: boolean | undefined;
  if (internalNode !== undefined) {
    if (!isScalar(internalNode) || typeof internalNode.value !== 'boolean') {
      fail(`expected true or false, got ${describe(internalNode)}`, `${keyPath}.internal`, internalNode);
    }
    internal = (internalNode as { value: boolean }).value;
  }
  const chosenByEnv = str('chosen-by-env');
  if (chosenByEnv !== undefined && !ENV_NAME.test(chosenByEnv)) {
    fail(`invalid environment variable name '${chosenByEnv}'`, `${keyPath}.chosen-by-env`, fields.get('chosen-by-env'));
  }
  const insteadOf = list('instead-of');
  if ((chosenByEnv === undefined) !== (insteadOf.length === 0)) {
    fail('chosen-by-env and instead-of go together', `${keyPath}.${chosenByEnv === undefined ? 'instead-of' : 'chosen-by-env'}`, node);
  }
  const after = list('after');

  const def: TargetDefinition = {
    name,
    group,
    description,
    dependsOn: list('depends-on'),
    aliases,
    packageLists: list('package-lists'),
    outputs: list('outputs'),
    steps: steps as StepKind[],
    ...(format !== undefined ? { format } : {}),
    ...(arch !== undefined ? { arch } : {}),
    ...(after.length > 0 ? { after } : {}),
    ...(internal !== undefined ? { internal } : {}),
    ...(chosenByEnv !== undefined ? { chosenByEnv, insteadOf } : {}),
    file,
    line: lineOf(node),
  };
  return { def, keyPath, lines };
}

/** The map's entries by key, rejecting keys outside `allowed`. */
function mapEntries<K extends string>(map: YAMLMap, prefix: string, allowed: readonly K[], fail: Fail): Map<K, Node> {
  const out = new Map<K, Node>();
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) return fail('expected a plain key', `${prefix}(key)`, keyNode);
    if (!(allowed as readonly string[]).includes(key)) {
      return fail(`unknown key '${key}' (expected one of: ${allowed.join(', ')})`, `${prefix}${key}`, keyNode);
    }
    if (out.has(key as K)) return fail(`key '${key}' appears twice`, `${prefix}${key}`, keyNode);
    if (pair.value === null || pair.value === undefined) return fail('missing value', `${prefix}${key}`, keyNode);
    out.set(key as K, pair.value as Node);
  }
  return out;
}

function scalarString(node: Node, key: string, fail: Fail): string {
  if (!isScalar(node) || typeof node.value !== 'string') return fail(`expected a string, got ${describe(node)}`, key, node);
  return node.value;
}

function describe(node: Node): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'nothing' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an alias';
}
