#!/usr/bin/env bash
# Builds .cache/guests/grub-vnc.iso (idempotent; rebuilt when this script changes): a grub-mkrescue
# El Torito CD whose GRUB prints a line on the BIOS console (the VGA BIOS's screen) and on com1,
# then `read`s a line from the BIOS keyboard and echoes it on com1 between markers, for the
# framebuffer/VNC/PS/2 tests (test/display/). Output is kept short: every character on this
# console costs SeaBIOS's VGA BIOS mode switches, slow under emulated real mode (~0.1 s each here).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/guests
mkdir -p "$OUT"
iso="$OUT/grub-vnc.iso"
stamp="$OUT/grub-vnc.stamp"
want=$(sha256sum "$0" | cut -c1-16)
[[ -s "$iso" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/boot/grub"
cat > "$work/root/boot/grub/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input console
terminal_output console serial
echo "TSHYVE GRUB READY"
read typed
echo "TSHYVE-TYPED[${typed}]"
halt
CFG
grub-mkrescue --directory=/usr/lib/grub/i386-pc -o "$work/cd.iso" \
  --modules="iso9660 biosdisk" --locales= --fonts= --themes= "$work/root" -- -volid TSHYVE_VNC >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
mv "$work/cd.iso" "$iso"
echo "$want" > "$stamp"
echo "build-grub-vnc-iso: $iso ($(stat -c %s "$iso") bytes)"
