// Placeholder: `graph <target> --packages` (the package DAG a target builds).
export interface PackageGraphOptions {
  readonly tree?: string;
  readonly target: string;
  readonly arch: string;
  readonly json: boolean;
}

export async function printPackageGraph(_opts: PackageGraphOptions): Promise<void> {
  throw new Error('graph --packages is not wired yet');
}
