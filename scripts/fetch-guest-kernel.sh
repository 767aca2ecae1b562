#!/bin/sh
# Fetches Debian's cloud kernel (linux-image-cloud-amd64 -> its versioned linux-image package) with
# `apt-get download` into .cache/guests/, and extracts an uncompressed ELF vmlinux from the bzImage
# (LZ4 payload, frame magic 02 21 4c 18) for PVH boot. Prints the vmlinux path. Idempotent.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${TSHYVE_GUEST_CACHE:-$root/.cache/guests}"
mkdir -p "$cache"
cd "$cache"
if [ -s vmlinux ] && [ -s bzImage ] && [ -s kernel.deb ]; then echo "$cache/vmlinux"; exit 0; fi
command -v lz4 >/dev/null || { echo "lz4 is required (apt-get install lz4)" >&2; exit 1; }

# The meta package depends on the versioned image package; download that one.
pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$pkg" ] || { echo "cannot resolve linux-image-cloud-amd64 (run apt-get update)" >&2; exit 1; }
rm -rf pkg && mkdir pkg
(cd pkg && apt-get download "$pkg" >/dev/null)
dpkg-deb -x pkg/*.deb pkg/root
cp pkg/root/boot/vmlinuz-* bzImage
cp pkg/*.deb kernel.deb   # kept: scripts/build-initramfs.sh takes the virtio modules from it
echo "$pkg" > kernel-package

# Find the LZ4 legacy frame magic (02 21 4c 18) inside the bzImage and decompress from there.
off=$(LC_ALL=C grep -obUaP '\x02\x21\x4c\x18' bzImage | head -n1 | cut -d: -f1)
[ -n "$off" ] || { echo "no LZ4 payload found in the bzImage" >&2; exit 1; }
tail -c +"$((off + 1))" bzImage | lz4 -dc > vmlinux.tmp 2>/dev/null || true
head -c 4 vmlinux.tmp | od -An -tx1 | grep -q '7f 45 4c 46' || { echo "extracted payload is not an ELF file" >&2; exit 1; }
mv vmlinux.tmp vmlinux
rm -rf pkg
echo "$cache/vmlinux"
