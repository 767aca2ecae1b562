// Annotation keys tshyve reads: choices the schema has no field for (the bhyve target's README lists them).

/** grub-bhyve's root device for a kernel read from the guest's disk (bhyve target only). */
export const GRUB_ROOT_ANNOTATION = 'bhyve.tshyve.dev/grub-root';

/**
 * Whether `firmware.linux` names files on the guest's own disk (grub-bhyve with a root on a disk,
 * not `host`): they are not host paths, so nothing checks or opens them on this host.
 */
export function kernelOnGuestDisk(annotations: Readonly<Record<string, string | undefined>> | undefined): boolean {
  const root = annotations?.[GRUB_ROOT_ANNOTATION];
  return root !== undefined && root !== 'host';
}
