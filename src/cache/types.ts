// The cache seam: fingerprints decide *whether* a step runs. Local CAS + action records
// (src/cache/local.ts), optional remote HTTP cache (src/cache/remote.ts).

/** sha256 hex of a canonical JSON of every input of a step. */
export type CacheKey = string & { readonly __brand: 'CacheKey' };
/** sha256 hex of a blob's bytes. */
export type Digest = string & { readonly __brand: 'Digest' };

export interface OutputEntry {
  /** Path relative to the step's output root (e.g. "RPMS/x86_64/hello-1.0-1.ph5.x86_64.rpm"). */
  readonly path: string;
  readonly digest: Digest;
  readonly size: number;
  readonly mode: number;
}

export interface ActionRecord {
  readonly key: CacheKey;
  readonly step: string;
  readonly outputs: readonly OutputEntry[];
  /** Digest over the outputs' payload identity, for early cutoff (same payload → dependents keep keys). */
  readonly outputDigest: Digest;
  /** Canonical inputs as hashed, so `why` can diff them. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly provenance: {
    readonly createdAt: string;
    readonly host: string;
    readonly durationMs: number;
    readonly tool: string;
  };
  /** HMAC-SHA256 of the record without this field, when a signing key is set. */
  readonly signature?: string;
}

export interface Cache {
  /** Returns a verified record or undefined (miss, corrupt, bad signature → miss). */
  lookup(key: CacheKey, signal?: AbortSignal): Promise<ActionRecord | undefined>;
  /** Materialise outputs under destRoot (hardlink where possible); false if a blob is bad. */
  restore(record: ActionRecord, destRoot: string, signal?: AbortSignal): Promise<boolean>;
  /** Store files (paths relative to root) atomically and write the action record last. */
  store(
    key: CacheKey,
    step: string,
    root: string,
    paths: readonly string[],
    inputs: Readonly<Record<string, string>>,
    durationMs: number,
    signal?: AbortSignal,
  ): Promise<ActionRecord>;
  /** Latest record for a step name regardless of key (for `why`). */
  latestFor(step: string): Promise<ActionRecord | undefined>;
}
