#!/usr/bin/env bash
# Installs the guest images the bundled demo (vms/) boots into /var/lib/tshyve/images (or
# $TSHYVE_IMAGE_DIR): the waiter micro guest ROM, the SeaBIOS+GRUB disk, and the Debian cloud
# kernel with its busybox initramfs. Everything is built from Debian packages by the project's
# scripts and cached in .cache/guests/. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="${TSHYVE_IMAGE_DIR:-/var/lib/tshyve/images}"
cache="$root/.cache/guests"
make -s -C "$root/test/guests"
[[ -s "$cache/grub-disk.img" ]] || "$root/scripts/build-fixtures.sh"
[[ -s "$cache/vmlinux" ]] || "$root/scripts/fetch-guest-kernel.sh" >/dev/null
[[ -s "$cache/initramfs.cpio.gz" ]] || "$root/scripts/build-initramfs.sh" >/dev/null
install -d -m 0755 "$dest"
install -m 0644 "$root/test/guests/build/waiter.bin" "$dest/waiter.bin"
install -m 0644 "$cache/grub-disk.img" "$dest/grub-demo.img"
install -m 0644 "$cache/vmlinux" "$dest/vmlinux-cloud-amd64"
install -m 0644 "$cache/initramfs.cpio.gz" "$dest/initramfs-busybox.cpio.gz"
echo "demo images installed in $dest"
