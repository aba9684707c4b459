// Artifact file names and volume labels as Photon's build.py/poi name them
// (photon-build-system.md §4). Pure functions; no I/O.
import { PhotonBuildError } from '../errors.js';

export type IsoKind = 'iso' | 'minimal-iso' | 'rt-iso' | 'basic-iso' | 'src-iso';
export type DiskImageKind = 'ova' | 'ova_uefi' | 'ami' | 'gce' | 'azure' | 'rpi';

export interface ReleaseId {
  readonly releaseVersion: string;
  /** Photon uses `git rev-parse --short HEAD` of the tree; any build id works. */
  readonly buildNumber: string;
  readonly arch: string;
}

const PART_RE = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

function checkParts(id: ReleaseId): void {
  for (const [key, value] of Object.entries(id)) {
    if (!PART_RE.test(value)) throw new PhotonBuildError('input', `${key} "${value}" cannot be part of a file name`);
  }
}

/**
 * photon-<rel>-<build>.<arch>.iso, photon-minimal-…, photon-rt-…, photon-basic-…;
 * the source ISO follows 4.0's ".src.iso" suffix: photon-<rel>-<build>.<arch>.src.iso.
 */
export function isoFileName(kind: IsoKind, id: ReleaseId): string {
  checkParts(id);
  const tail = `${id.releaseVersion}-${id.buildNumber}.${id.arch}`;
  switch (kind) {
    case 'iso':
      return `photon-${tail}.iso`;
    case 'src-iso':
      return `photon-${tail}.src.iso`;
    case 'minimal-iso':
    case 'rt-iso':
    case 'basic-iso':
      return `photon-${kind.slice(0, -'-iso'.length)}-${tail}.iso`;
    default:
      return kind satisfies never;
  }
}

/** photon-<img>-<rel>-<build>.<arch>.<ext> as build.py's skip checks expect. */
export function diskImageFileName(kind: DiskImageKind, id: ReleaseId): string {
  checkParts(id);
  const base = `photon-${kind}-${id.releaseVersion}-${id.buildNumber}.${id.arch}`;
  switch (kind) {
    case 'ova':
    case 'ova_uefi':
      return `${base}.ova`;
    case 'ami':
    case 'gce':
      return `${base}.tar.gz`;
    case 'azure':
      return `${base}.vhd.tar.gz`;
    case 'rpi':
      return `${base}.xz`;
    default:
      return kind satisfies never;
  }
}

/** photon-rootfs-<rel>-<build>.<arch>.tar.gz (build.py's photon-docker-image output). */
export function rootfsTarballName(id: ReleaseId): string {
  checkParts(id);
  return `photon-rootfs-${id.releaseVersion}-${id.buildNumber}.${id.arch}.tar.gz`;
}

/** photon-docker-<rel>-<build>.<arch>.tar: a `docker load`-able archive. */
export function dockerArchiveName(id: ReleaseId): string {
  checkParts(id);
  return `photon-docker-${id.releaseVersion}-${id.buildNumber}.${id.arch}.tar`;
}

const VOLID_RE = /^[A-Z0-9_.]{1,32}$/;

/** PHOTON_<rel> (PHOTON_MINIMAL_<rel>, …), upper-case, at most 32 characters. */
export function defaultVolumeLabel(kind: IsoKind, releaseVersion: string): string {
  const rel = releaseVersion.toUpperCase().replace(/[^A-Z0-9.]/g, '_');
  const prefix = kind === 'iso' ? 'PHOTON' : `PHOTON_${kind.slice(0, -'-iso'.length).toUpperCase()}`;
  return `${prefix}_${rel}`.slice(0, 32);
}

/** Throws unless the label is 1–32 characters of A-Z, 0-9, "_" and "." (as PHOTON_5.0). */
export function checkVolumeLabel(label: string): string {
  if (!VOLID_RE.test(label)) {
    throw new PhotonBuildError('input', `ISO volume label "${label}" must be 1-32 characters of A-Z, 0-9, _ and .`);
  }
  return label;
}
