// Which filesystem holds a path (statfs(2) f_type, linux/magic.h) and whether a copy there can share
// blocks (FICLONE, as `cp --reflink`): what a plan says a file snapshot or clone will cost.

const MAGIC: Record<number, string> = {
  0x9123683e: 'btrfs',
  0x58465342: 'xfs',
  0x2fc12fc1: 'zfs',
  0xca451a4e: 'bcachefs',
  0xef53: 'ext4',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlayfs',
  0x6969: 'nfs',
  0xf2f52010: 'f2fs',
};

/** The filesystem's name for a statfs `type`, or `fs 0x…` when it is not one tshyve knows. */
export function filesystemName(type: number): string {
  return MAGIC[type >>> 0] ?? `fs 0x${(type >>> 0).toString(16)}`;
}

/** How `cp --reflink=auto` copies on this filesystem, for the plan. */
export function copyMethod(filesystem: string | undefined): string {
  switch (filesystem) {
    case 'btrfs':
    case 'bcachefs':
      return `reflink copy (${filesystem} shares the blocks)`;
    case 'xfs':
      return 'reflink copy if this XFS was made with reflink=1, else a full sparse copy';
    case 'zfs':
      return 'block clone where OpenZFS enables block cloning, else a full sparse copy';
    case undefined:
      return 'reflink copy where the filesystem supports it, else a full sparse copy';
    default:
      return `full sparse copy (${filesystem} has no reflinks)`;
  }
}
