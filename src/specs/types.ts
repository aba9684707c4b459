// The parsed form of one RPM spec file (PackageSpec) as the rest of photon-build sees it.
// Produced by src/specs (parser); consumed by the package graph, plan and steps.
// Pure data: no graph knowledge, no I/O.

export type DepOperator = '<' | '<=' | '=' | '>=' | '>';

/** One dependency as written, after macro expansion. Rich deps keep their alternatives. */
export interface Dependency {
  readonly name: string;
  readonly op?: DepOperator;
  readonly version?: string;
  /** `(a or b)`: every alternative; `name` is the first. */
  readonly alternatives?: readonly Dependency[];
  /** File deps like /bin/sh are kept as written; the resolver maps them to providers. */
  readonly isFile?: boolean;
  /** 1-based line in the spec (or %include'd file) that declared it. */
  readonly line: number;
  readonly file?: string;
  /** The rich dependency text as written, e.g. "(a or b)"; set on every piece split from it. */
  readonly rich?: string;
  /** From `(A if B)` / `(A unless B)`: needed only in some installs; unresolvable is not an error. */
  readonly conditional?: boolean;
  /** `Requires(pre,post)` qualifier, or `interp` for a scriptlet interpreter rpm adds. */
  readonly qualifier?: string;
}

export interface SubPackage {
  readonly name: string;
  readonly summary?: string;
  readonly buildArch: string;
  readonly requires: readonly Dependency[];
  readonly provides: readonly Dependency[];
  readonly obsoletes: readonly Dependency[];
  readonly conflicts: readonly Dependency[];
  /** Has a %files section, i.e. rpmbuild writes an RPM for it. */
  readonly hasFiles: boolean;
  /** Literal absolute paths listed in its %files (no globs), for file dependencies. */
  readonly files?: readonly string[];
  readonly epoch?: number;
  readonly version?: string;
  readonly release?: string;
}

export type ChecksumAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface SourceEntry {
  readonly kind: 'source' | 'patch';
  readonly index: number;
  /** The expanded header value (URL or file name). */
  readonly value: string;
  readonly basename: string;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly hex: string };
  readonly line: number;
}

export interface PackageSpec {
  /** Absolute path of the .spec (or the virtual path of a generated one). */
  readonly file: string;
  /** Path relative to the tree's SPECS dir, POSIX separators. */
  readonly relPath: string;
  readonly name: string;
  readonly epoch?: number;
  readonly version: string;
  /** Release with %{?dist} expanded, e.g. "1.ph5". */
  readonly release: string;
  /** Main package BuildArch ("noarch" or the parse arch). */
  readonly buildArch: string;
  readonly exclusiveArch?: readonly string[];
  readonly buildRequires: readonly Dependency[];
  /** Main package first, then the %package sections in file order. */
  readonly subpackages: readonly SubPackage[];
  readonly sources: readonly SourceEntry[];
  readonly patches: readonly SourceEntry[];
  readonly hasCheck: boolean;
  /** The arch this object was parsed for (x86_64, aarch64). */
  readonly arch: string;
  readonly excludeArch?: readonly string[];
  /** The spec's text after %include resolution is not kept; these files were included. */
  readonly includes?: readonly string[];
  readonly url?: string;
  readonly license?: string;
  /** Set for specs rendered in memory from a `*.spec.in` template. */
  readonly template?: string;
}

/** Every spec of a tree that builds for one arch, sorted by relPath. */
export interface SpecIndex {
  readonly arch: string;
  readonly specs: readonly PackageSpec[];
  /** Specs left out for this arch (BuildArch/ExclusiveArch/ExcludeArch), with the reason. */
  readonly skipped: readonly { readonly relPath: string; readonly reason: string }[];
}
