// The macros rpm itself defines (its default `macros` file and platform macros) that Photon
// specs use, per arch, and Photon's build-time macros (dist, with_check, ...) from a tree.
// Values follow upstream rpm 4.18 (so %_libdir is /usr/lib64), not Photon's rpm-macros
// overrides; see docs/spec-parser.md. Data only.
import type { PhotonTree } from '../tree/types.js';

/** rpm's arch-family macros, as its macros file defines them. */
export const ARCH_FAMILY_MACROS: Readonly<Record<string, string>> = {
  ix86: 'i386 i486 i586 i686 pentium3 pentium4 athlon geode',
  arm: 'armv3l armv4b armv4l armv4tl armv5tl armv5tel armv5tejl armv6l armv6hl armv7l armv7hl armv7hnl armv8l armv8hl armv8hnl armv8hcnl',
  arm32: 'armv3l armv4b armv4l armv4tl armv5tl armv5tel armv5tejl armv6l armv6hl armv7l armv7hl armv7hnl armv8l armv8hl armv8hnl armv8hcnl',
  arm64: 'aarch64',
  power64: 'ppc64p7 ppc64 ppc64le',
  mips: 'mips mipsel mipsr6 mipsr6el mips64 mips64el mips64r6 mips64r6el',
};

const ISA: Readonly<Record<string, string>> = { x86_64: '(x86-64)', aarch64: '(aarch-64)' };

export function builtinMacros(arch: string): Array<[string, string]> {
  return [
    ...Object.entries(ARCH_FAMILY_MACROS),
    ['nil', ''],
    ['_arch', arch],
    ['_target_cpu', arch],
    ['_host_cpu', arch],
    ['_build_cpu', arch],
    ['_build_arch', arch],
    ['_target_arch', arch],
    ['_os', 'linux'],
    ['_host_os', 'linux'],
    ['_target_os', 'linux'],
    ['_build_os', 'linux'],
    ['_vendor', 'unknown'],
    ['_host_vendor', 'unknown'],
    ['_host', `${arch}-unknown-linux-gnu`],
    ['_build', `${arch}-unknown-linux-gnu`],
    ['_target', `${arch}-unknown-linux-gnu`],
    ['_target_platform', `${arch}-unknown-linux`],
    ['_isa', ISA[arch] ?? `(${arch})`],
    ['_lib', 'lib64'],
    ['_usr', '/usr'],
    ['_usrsrc', '%{_usr}/src'],
    ['_var', '/var'],
    ['_prefix', '/usr'],
    ['_exec_prefix', '%{_prefix}'],
    ['_bindir', '%{_exec_prefix}/bin'],
    ['_sbindir', '%{_exec_prefix}/sbin'],
    ['_libdir', '%{_prefix}/%{_lib}'],
    ['_libexecdir', '%{_exec_prefix}/libexec'],
    ['_datarootdir', '%{_prefix}/share'],
    ['_datadir', '%{_datarootdir}'],
    ['_sysconfdir', '/etc'],
    ['_sharedstatedir', '/var/lib'],
    ['_localstatedir', '/var'],
    ['_includedir', '%{_prefix}/include'],
    ['_oldincludedir', '/usr/include'],
    ['_infodir', '%{_datarootdir}/info'],
    ['_mandir', '%{_datarootdir}/man'],
    ['_docdir', '%{_datadir}/doc'],
    ['_defaultdocdir', '%{_datadir}/doc'],
    ['_defaultlicensedir', '%{_datadir}/licenses'],
    ['_initddir', '%{_sysconfdir}/rc.d/init.d'],
    ['_rundir', '/run'],
    ['_rpmconfigdir', '/usr/lib/rpm'],
    ['_fileattrsdir', '%{_rpmconfigdir}/fileattrs'],
    ['_rpmmacrodir', '%{_rpmconfigdir}/macros.d'],
    ['_topdir', '/usr/src/photon'],
    ['_builddir', '%{_topdir}/BUILD'],
    ['_specdir', '%{_topdir}/SPECS'],
    ['_rpmdir', '%{_topdir}/RPMS'],
    ['_srcrpmdir', '%{_topdir}/SRPMS'],
    ['_buildrootdir', '%{_topdir}/BUILDROOT'],
    ['buildroot', '%{_buildrootdir}/%{NAME}-%{VERSION}-%{RELEASE}.%{_arch}'],
    ['_smp_mflags', '-j%{_smp_build_ncpus}'],
    ['_smp_build_ncpus', '1'],
    ['optflags', '-O2 -g'],
    ['__python3', '/usr/bin/python3'],
  ];
}

export interface PhotonMacroOptions {
  /** Overrides tree.config.rpmCheck for the with_check macro. */
  readonly withCheck?: boolean;
}

/** Photon's user macros (constants.initialize): dist, with_check, build/release numbers, …. */
export function photonMacros(tree: PhotonTree, options: PhotonMacroOptions = {}): Map<string, string> {
  const c = tree.config;
  const m = new Map<string, string>();
  m.set('with_check', (options.withCheck ?? c.rpmCheck) ? '1' : '0');
  m.set('dist', c.distTag);
  m.set('photon_build_number', c.buildNumber);
  m.set('photon_release_version', c.releaseVersion);
  m.set('_source_payload', c.compressionMacro);
  m.set('_binary_payload', c.compressionMacro);
  if (c.katBuild) m.set('kat_build', '1');
  if (c.canisterBuild) m.set('canister_build', '1');
  if (c.acvpBuild) m.set('acvp_build', '1');
  return m;
}
