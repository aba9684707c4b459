// Pure checks of artifact names, volume labels and the OVF/manifest text (no containers).
import { describe, expect, it } from 'vitest';
import { checkVolumeLabel, defaultVolumeLabel, diskImageFileName, dockerArchiveName, isoFileName, rootfsTarballName } from '../../../src/images/names.js';
import { ovaManifest, ovfDescriptor } from '../../../src/images/ovf.js';
import { PhotonBuildError } from '../../../src/errors.js';

const ID = { releaseVersion: '5.0', buildNumber: '7a3c2f1', arch: 'x86_64' };

describe('artifact names as Photon writes them', () => {
  it('names the ISOs', () => {
    expect(isoFileName('iso', ID)).toBe('photon-5.0-7a3c2f1.x86_64.iso');
    expect(isoFileName('minimal-iso', ID)).toBe('photon-minimal-5.0-7a3c2f1.x86_64.iso');
    expect(isoFileName('rt-iso', ID)).toBe('photon-rt-5.0-7a3c2f1.x86_64.iso');
    expect(isoFileName('basic-iso', ID)).toBe('photon-basic-5.0-7a3c2f1.x86_64.iso');
    expect(isoFileName('src-iso', ID)).toBe('photon-5.0-7a3c2f1.x86_64.src.iso');
  });

  it('names the disk images with the suffixes build.py checks for', () => {
    expect(diskImageFileName('ova', ID)).toBe('photon-ova-5.0-7a3c2f1.x86_64.ova');
    expect(diskImageFileName('ova_uefi', ID)).toBe('photon-ova_uefi-5.0-7a3c2f1.x86_64.ova');
    expect(diskImageFileName('ami', ID)).toBe('photon-ami-5.0-7a3c2f1.x86_64.tar.gz');
    expect(diskImageFileName('gce', ID)).toBe('photon-gce-5.0-7a3c2f1.x86_64.tar.gz');
    expect(diskImageFileName('azure', ID)).toBe('photon-azure-5.0-7a3c2f1.x86_64.vhd.tar.gz');
    expect(diskImageFileName('rpi', { ...ID, arch: 'aarch64' })).toBe('photon-rpi-5.0-7a3c2f1.aarch64.xz');
    expect(rootfsTarballName(ID)).toBe('photon-rootfs-5.0-7a3c2f1.x86_64.tar.gz');
    expect(dockerArchiveName(ID)).toBe('photon-docker-5.0-7a3c2f1.x86_64.tar');
  });

  it('rejects name parts that would escape or break the file name', () => {
    expect(() => isoFileName('iso', { ...ID, buildNumber: '../x' })).toThrow(PhotonBuildError);
    expect(() => diskImageFileName('ova', { ...ID, arch: 'x86 64' })).toThrow(/arch/);
  });

  it('derives upper-case volume labels of at most 32 characters and validates given ones', () => {
    expect(defaultVolumeLabel('iso', '5.0')).toBe('PHOTON_5.0');
    expect(defaultVolumeLabel('minimal-iso', '5.0')).toBe('PHOTON_MINIMAL_5.0');
    expect(defaultVolumeLabel('rt-iso', '5.0-beta')).toBe('PHOTON_RT_5.0_BETA');
    expect(defaultVolumeLabel('basic-iso', 'x'.repeat(40)).length).toBe(32);
    expect(checkVolumeLabel('PHOTON_5.0')).toBe('PHOTON_5.0');
    expect(() => checkVolumeLabel('photon_5.0')).toThrow(/A-Z/);
    expect(() => checkVolumeLabel('P'.repeat(33))).toThrow(PhotonBuildError);
  });
});

describe('OVF descriptor and manifest', () => {
  const base = { name: 'photon-ova', vmdkName: 'photon-ova-disk1.vmdk', vmdkSize: 123, capacityBytes: 4096, populatedBytes: 1024 } as const;

  it('keeps the hardware version and firmware in step with the variant', () => {
    const bios = ovfDescriptor({ ...base, hwVersion: 11, firmware: 'bios' });
    expect(bios).toContain('<vssd:VirtualSystemType>vmx-11</vssd:VirtualSystemType>');
    expect(bios).not.toContain('firmware');
    const efi = ovfDescriptor({ ...base, hwVersion: 13, firmware: 'efi' });
    expect(efi).toContain('<vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType>');
    expect(efi).toContain('vmw:key="firmware" vmw:value="efi"');
  });

  it('references the disk file by name, size, capacity and populated size; escapes XML', () => {
    const ovf = ovfDescriptor({ ...base, name: 'a&b<c>', hwVersion: 11, firmware: 'bios' });
    expect(ovf).toContain('<File ovf:href="photon-ova-disk1.vmdk" ovf:id="file1" ovf:size="123"/>');
    expect(ovf).toContain('ovf:capacity="4096"');
    expect(ovf).toContain('ovf:populatedSize="1024"');
    expect(ovf).toContain('<Name>a&amp;b&lt;c&gt;</Name>');
    expect(ovf).toContain('vmw:osType="vmwarePhoton64Guest"');
  });

  it('writes manifest lines in the given order', () => {
    expect(ovaManifest([{ file: 'a.ovf', sha256: 'aa' }, { file: 'a-disk1.vmdk', sha256: 'bb' }])).toBe('SHA256(a.ovf)= aa\nSHA256(a-disk1.vmdk)= bb\n');
  });
});
