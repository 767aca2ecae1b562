#!/usr/bin/env bash
# Builds .cache/guests/grub-cd.iso (idempotent; rebuilt when this script changes): an El Torito CD
# made by grub-mkrescue (Debian grub-pc-bin, xorriso, mtools) whose grub.cfg prints the sha256 of
# payload.txt on the ISO over serial and halts (ACPI poweroff). The payload is a few KiB, as sha256
# under emulated ring 0 costs ~0.6 s per KiB here. Also copies the payload to grub-cd-payload.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/guests
mkdir -p "$OUT"
iso="$OUT/grub-cd.iso"
stamp="$OUT/grub-cd.stamp"
want=$(sha256sum "$0" | cut -c1-16)
[[ -s "$iso" && -s "$OUT/grub-cd-payload.txt" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/boot/grub"
python3 -c "
import sys
lines = ['tshyve cd payload line %04d: pack my box with five dozen liquor jugs\n' % i for i in range(40)]
sys.stdout.write(''.join(lines))" > "$work/root/payload.txt"
cat > "$work/root/boot/grub/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
echo TSHYVE-GRUB-CD-START
sha256sum ($root)/payload.txt
echo TSHYVE-GRUB-CD-DONE
halt
CFG
grub-mkrescue --directory=/usr/lib/grub/i386-pc -o "$work/cd.iso" \
  --install-modules="iso9660 hashsum gcry_sha256 serial terminal echo halt normal configfile search search_fs_file search_fs_uuid search_label part_msdos biosdisk" \
  --modules="iso9660 biosdisk" --locales= --fonts= --themes= "$work/root" -- -volid TSHYVE_CD >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
cp "$work/root/payload.txt" "$OUT/grub-cd-payload.txt"
mv "$work/cd.iso" "$iso"
echo "$want" > "$stamp"
echo "build-grub-iso: $iso ($(stat -c %s "$iso") bytes)"
