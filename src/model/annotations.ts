// Annotation keys tshyve reads: choices the schema has no field for (the bhyve target's README lists them).

/** grub-bhyve's root device for a kernel read from the guest's disk (bhyve target only). */
export const GRUB_ROOT_ANNOTATION = 'bhyve.tshyve.dev/grub-root';
