#!/usr/bin/env bash
# Builds the cached guest fixtures under .cache/guests/ (idempotent; rebuilt only when missing):
# - grub-disk.img: a raw MBR disk that SeaBIOS boots (no grub-install): boot.img in sector 0 with the
#   kernel sector (0x5C) = 1, core.img (grub-mkimage -O i386-pc with an embedded config) from sector 1
#   with its first blocklist (0x1F4) patched to start=2 len=sectors-1, an ext2 partition at 1 MiB
#   holding payload.txt (a few KiB) and a grubenv. GRUB prints the payload's sha256 on serial,
#   save_env's a marker into grubenv, and halts (ACPI poweroff).
# - the guest kernel, through scripts/fetch-guest-kernel.sh when present.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/guests
mkdir -p "$OUT"

build_grub_disk() {
  local disk="$OUT/grub-disk.img"
  local stamp="$OUT/grub-disk.stamp" want
  want=$(sha256sum "$0" | cut -c1-16)
  [[ -s "$disk" && -s "$OUT/grub-payload.txt" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && return 0
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir "$work/root"
  # A deterministic few-KiB payload (sha256 under emulated ring 0 costs ~0.6 s per KiB here).
  python3 -c "
import sys
lines = ['tshyve grub payload line %04d: the quick brown fox jumps over the lazy dog\n' % i for i in range(48)]
sys.stdout.write(''.join(lines))" > "$work/root/payload.txt"
  grub-editenv "$work/root/grubenv" create
  cat > "$work/early.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set root=(hd0,msdos1)
echo TSHYVE-GRUB-START
sha256sum (hd0,msdos1)/payload.txt
set tshyve_marker=grub-was-here
save_env -f (hd0,msdos1)/grubenv tshyve_marker
echo TSHYVE-GRUB-SAVED
halt
CFG
  grub-mkimage -O i386-pc -p '(hd0,msdos1)/' -c "$work/early.cfg" -o "$work/core.img" \
    biosdisk part_msdos ext2 hashsum gcry_sha256 loadenv serial terminal echo halt
  local part_start=2048 fs_sectors=4096  # 1 MiB offset, 2 MiB ext2
  mke2fs -q -t ext2 -b 1024 -d "$work/root" -L tshyve "$work/fs.img" $((fs_sectors / 2))
  python3 - "$work" "$disk.tmp" "$part_start" "$fs_sectors" <<'PY'
import struct, sys
work, out, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
boot = bytearray(open('/usr/lib/grub/i386-pc/boot.img', 'rb').read())
core = bytearray(open(work + '/core.img', 'rb').read())
core += b'\0' * (-len(core) % 512)
sectors = len(core) // 512
assert 1 + sectors <= start, 'core.img does not fit before the partition'
struct.pack_into('<Q', boot, 0x5C, 1)                       # GRUB_BOOT_MACHINE_KERNEL_SECTOR
struct.pack_into('<QH', core, 0x1F4, 2, sectors - 1)        # diskboot.img first blocklist
mbr = bytearray(512)
mbr[:440] = boot[:440]
# One partition entry (type 0x83, LBA start/count; CHS fields as "beyond 1024 cylinders").
struct.pack_into('<B3sB3sII', mbr, 446, 0x80, b'\xfe\xff\xff', 0x83, b'\xfe\xff\xff', start, count)
mbr[510:512] = b'\x55\xaa'
disk = bytearray((start + count) * 512)
disk[:512] = mbr
disk[512:512 + len(core)] = core
fs = open(work + '/fs.img', 'rb').read()
disk[start * 512:start * 512 + len(fs)] = fs
open(out, 'wb').write(disk)
PY
  cp "$work/root/payload.txt" "$OUT/grub-payload.txt"
  mv "$disk.tmp" "$disk"
  echo "$want" > "$stamp"
  echo "build-fixtures: $disk ($(sha256sum "$OUT/grub-payload.txt" | cut -c1-16)… payload)"
}

build_grub_disk
if [[ -x scripts/fetch-guest-kernel.sh ]]; then
  scripts/fetch-guest-kernel.sh || echo "build-fixtures: guest kernel fetch failed (kernel tests will skip)" >&2
fi
