// Renders a tree's `*.spec.in` templates in memory, the way master/5.0's
// tools/scripts/create-kernel-deps-specs-from-template.sh does on disk: one spec per kernel
// version of SPECS/linux (and per driver version for the kernel-driver templates). The
// script's own data (which flavours, which driver versions) is read from the script itself.
// Never writes into the tree.

export interface KernelInfo {
  /** Flavour name as in the script's `kvers` keys: linux, linux-esx, linux-rt. */
  readonly flavour: string;
  readonly version: string;
  /** Release digits only (`tr -d -c 0-9`). */
  readonly release: string;
}

export interface TemplateRun {
  readonly flavour: string;
  /** Driver basename (ice, iavf, …) → versions and the macro they replace; empty for plain templates. */
  readonly drivers: ReadonlyMap<string, { readonly versions: readonly string[]; readonly macro: string }>;
}

/** Reads the sequence of `create_specs "<flavour>"` calls and the d_info data in effect at each. */
export function templateRuns(script: string): TemplateRun[] {
  const runs: TemplateRun[] = [];
  let drivers = new Map<string, { versions: string[]; macro: string }>();
  for (const line of script.split('\n')) {
    const d = /^\s*d_info\["([^"]+)"\]="([^"]*)"/.exec(line);
    if (d) {
      const words = d[2]!.split(/\s+/).filter(Boolean);
      const macro = words[words.length - 1] ?? '';
      drivers = new Map(drivers);
      drivers.set(d[1]!, { versions: words.filter((w) => w !== macro), macro });
      continue;
    }
    const c = /^\s*create_specs\s+"?([A-Za-z0-9_-]+)"?\s*$/.exec(line);
    if (c) runs.push({ flavour: c[1]!, drivers });
  }
  return runs;
}

/** Kernel versions from SPECS/linux specs: `Name: <flavour>` → Version and Release digits. */
export function kernelInfo(linuxSpecs: ReadonlyArray<{ readonly text: string }>): KernelInfo[] {
  const out: KernelInfo[] = [];
  for (const { text } of linuxSpecs) {
    const name = /^Name:\s*(\S+)\s*$/m.exec(text)?.[1];
    const version = /^Version:\s*(\S+)/m.exec(text)?.[1];
    const release = /^Release:\s*(\S+)/m.exec(text)?.[1];
    if (!name || !version || !release) continue;
    if (!['linux', 'linux-esx', 'linux-rt'].includes(name)) continue;
    out.push({ flavour: name, version, release: release.replace(/[^0-9]/g, '') });
  }
  return out;
}

export interface RenderedSpec {
  /** Virtual file name next to the template, as the script would write it. */
  readonly fileName: string;
  readonly text: string;
}

/**
 * Renders one template for every run that applies to it: plain templates (no driver entry)
 * for runs before any d_info was declared; driver templates (kernels-drivers-intel-<drv>)
 * for runs whose d_info has <drv>.
 */
export function renderTemplate(templateName: string, text: string, runs: readonly TemplateRun[], kernels: readonly KernelInfo[], dist: string): RenderedSpec[] {
  const base = templateName.replace(/\.spec\.in$/, '');
  const driver = base.split('-').pop() ?? '';
  const isDriver = text.includes('%{KERNEL_FLAVOUR}');
  const out: RenderedSpec[] = [];
  for (const run of runs) {
    const info = run.drivers.get(driver);
    if (isDriver ? !info : run.drivers.size > 0) continue;
    for (const k of kernels.filter((x) => x.flavour === run.flavour)) {
      const [a = '0', b = '0', c = '0'] = k.version.split('.');
      const subrel = `.${pad(a, 2)}${pad(b, 2)}${pad(c || '0', 3)}${pad(k.release, 3)}`;
      const common = (s: string) =>
        s.replace('%{KERNEL_VERSION}', k.version).replace('%{KERNEL_RELEASE}', `${k.release}${dist}`).replace('%{?kernelsubrelease}', subrel);
      if (!isDriver) {
        out.push({ fileName: `${base}-${k.version}.spec`, text: mapLines(text, common) });
        continue;
      }
      for (const dver of info!.versions) {
        const flavourSuffix = run.flavour.replace(/^linux/, '');
        const rendered = mapLines(text, (s) => common(s).replace(info!.macro, dver).replace('%{KERNEL_FLAVOUR}', flavourSuffix));
        out.push({ fileName: `${run.flavour}-${base.replace(/^kernels-/, '')}-${dver}-${k.version}.spec`, text: rendered });
      }
    }
  }
  return out;
}

/** sed without /g: the first match on each line. */
function mapLines(text: string, f: (line: string) => string): string {
  return text.split('\n').map(f).join('\n');
}

function pad(n: string, width: number): string {
  return String(Number(n) || 0).padStart(width, '0');
}
