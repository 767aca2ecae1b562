#!/usr/bin/env bash
# Builds .cache/guests/initramfs.cpio.gz for the Debian cloud kernel: busybox-static, the virtio
# modules (and their dependencies, from the kernel package's modules.dep), and an /init that loads
# them, prints TSHYVE-INITRAMFS-OK and the block/net devices it sees, then runs a shell on ttyS0.
# Idempotent. Needs scripts/fetch-guest-kernel.sh to have run (kernel.deb in the cache).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${TSHYVE_GUEST_CACHE:-$root/.cache/guests}"
out="$cache/initramfs.cpio.gz"
[[ -s "$out" ]] && { echo "$out"; exit 0; }
[[ -s "$cache/kernel.deb" ]] || "$root/scripts/fetch-guest-kernel.sh" >/dev/null
command -v cpio >/dev/null || { echo "cpio is required (apt-get install cpio)" >&2; exit 1; }
busybox=$(command -v busybox || true)
[[ -n "$busybox" ]] && file -L "$busybox" 2>/dev/null | grep -q static || busybox=/bin/busybox
[[ -x "$busybox" ]] || { echo "busybox-static is required (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$cache/kernel.deb" "$work/pkg"
kver=$(ls "$work/pkg/lib/modules")
moddir="$work/pkg/lib/modules/$kver"
img="$work/img"
mkdir -p "$img"/{bin,dev,proc,sys,tmp,lib/modules}
cp "$busybox" "$img/bin/busybox"
for applet in sh mount echo cat ls insmod mkdir sleep poweroff ip ifconfig dmesg uname setsid cttyhack; do ln -s busybox "$img/bin/$applet"; done

# Module closure (paths relative to the module directory), in load order.
wanted="virtio_pci virtio_blk virtio_net virtio_console virtio_rng"
python3 - "$moddir" $wanted > "$work/load-order" <<'PY'
# modules.dep is made by depmod at install time, so read each module's own `depends=` (.modinfo).
import sys, os, lzma
moddir, wanted = sys.argv[1], sys.argv[2:]
paths = {}
for dirpath, _, files in os.walk(moddir):
    for f in files:
        if '.ko' in f:
            paths[f.split('.ko')[0].replace('-', '_')] = os.path.relpath(os.path.join(dirpath, f), moddir)
def depends(name):
    data = open(os.path.join(moddir, paths[name]), 'rb').read()
    if paths[name].endswith('.xz'): data = lzma.decompress(data)
    at = data.find(b'depends=')
    if at < 0: return []
    value = data[at + 8:data.index(b'\0', at)].decode()
    return [d.replace('-', '_') for d in value.split(',') if d]
order, seen = [], set()
def visit(name):
    if name in seen or name not in paths: return
    seen.add(name)
    for d in depends(name): visit(d)
    order.append(paths[name])
for name in wanted: visit(name)
print('\n'.join(order))
PY
: > "$work/insmod-lines"
while read -r rel; do
  [[ -n "$rel" ]] || continue
  name=$(basename "$rel")
  src="$moddir/$rel"
  case "$name" in
    *.ko.xz) xz -dc "$src" > "$img/lib/modules/${name%.xz}"; name=${name%.xz} ;;
    *.ko.zst) zstd -qdc "$src" > "$img/lib/modules/${name%.zst}"; name=${name%.zst} ;;
    *) cp "$src" "$img/lib/modules/$name" ;;
  esac
  echo "insmod /lib/modules/$name 2>/dev/null" >> "$work/insmod-lines"
done < "$work/load-order"

{
  echo '#!/bin/sh'
  echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
  cat "$work/insmod-lines"
  echo 'echo TSHYVE-INITRAMFS-OK'
  echo 'echo "kernel $(uname -r); block: $(ls /sys/block | tr "\n" " "); net: $(ls /sys/class/net | tr "\n" " ")"'
  echo 'exec setsid cttyhack sh'
} > "$img/init"
chmod 755 "$img/init"
(cd "$img" && find . | cpio -o -H newc --quiet | gzip -9) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
