#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine for tshyve: the Debian packages it drives or boots as
# guests, the npm dependencies, the TypeScript build, the native KVM addon and the cached guest
# fixtures, and the unprivileged user VM processes become after set-up (tshyve-vm: a system user
# with no login shell and no home; TSHYVE_VM_USER names another). Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  iproute2 kmod e2fsprogs fdisk cpio lz4 busybox-static binutils make g++ python3
  seabios grub-pc-bin ipxe-qemu ovmf dnsmasq-base qemu-system-x86 util-linux git gnupg xorriso mtools clang-format diod qemu-utils zstd
  nftables procps openssh-client openssh-server
  clang libclang-rt-14-dev gdb vncsnapshot tesseract-ocr zlib1g-dev
)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

VM_USER="${TSHYVE_VM_USER:-tshyve-vm}"
if [[ "$VM_USER" != root ]] && ! getent passwd "$VM_USER" >/dev/null; then
  echo "setup: creating the system user $VM_USER for VM processes"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --comment "tshyve VM processes" "$VM_USER"
fi

echo "setup: installing npm packages"
npm ci --no-audit --no-fund

echo "setup: building TypeScript and the native addon"
npm run build
npm run build:native

echo "setup: building guest fixtures (cached in .cache/guests) and installing the demo images"
scripts/build-fixtures.sh
scripts/build-initramfs.sh >/dev/null
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
$SUDO scripts/install-demo-images.sh
# The demo's `web` VM (hardware-KVM hosts) gets this key through cloud-init: `tshyve ssh web -i …`.
if [[ ! -f /var/lib/tshyve/keys/demo_ed25519 ]]; then
  $SUDO install -d -m 0700 /var/lib/tshyve/keys
  $SUDO ssh-keygen -q -t ed25519 -N '' -C tshyve-demo -f /var/lib/tshyve/keys/demo_ed25519
fi
echo "setup: done"
