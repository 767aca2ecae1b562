// Generated from schema/tshyve.schema.json by scripts/generate-types.js; do not edit by hand.

export type TshyveDocument = (VirtualMachineDocument | BridgeDocument | TapDocument | VolumeDocument | VolumeSnapshotDocument | FirmwareDocument)

/**
 * A VirtualMachine document.
 */
export interface VirtualMachineDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "VirtualMachine"
metadata: ObjectMeta
/**
 * A guest, as bhyve(8) runs it.
 */
spec: {
/**
 * vCPUs: a count, or a topology whose product equals the count (bhyve -c).
 */
cpus: (number | {
/**
 * Number of vCPUs; default sockets × cores × threads.
 */
count?: number
sockets?: number
cores?: number
threads?: number
})
/**
 * Pin vCPUs to host CPUs (bhyve -p vcpu:hostcpu).
 * 
 * Items: One pinning.
 */
cpuPinning?: {
vcpu: number
hostCpu: number
}[]
/**
 * Guest memory (bhyve -m). A size with a unit: IEC (KiB, MiB, GiB, TiB) or bhyve-style single letters (K, M, G, T; case-insensitive, binary multiples). A bare number is rejected.
 */
memory: string
/**
 * Wire guest memory (bhyve -S).
 */
wiredMemory?: boolean
/**
 * The name of a Firmware resource, or an inline firmware.
 */
firmware: (string | {
linux?: LinuxFirmware
bootrom?: BootromFirmware
bhyveload?: BhyveloadFirmware
})
/**
 * Disks in guest order.
 * 
 * @maxItems 64
 */
disks?: Disk[]
/**
 * Network interfaces.
 * 
 * @maxItems 32
 */
nics?: Nic[]
/**
 * Serial ports com1–com4 on the LPC bridge.
 */
serial?: {
com1?: SerialPort
com2?: SerialPort
com3?: SerialPort
com4?: SerialPort
}
/**
 * virtio-rnd entropy device (true, or { slot }).
 */
rng?: (boolean | {
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
})
/**
 * virtio-console ports, each on a unix socket (bhyve `virtio-console,port1=/path.sock`).
 * 
 * @maxItems 16
 * 
 * Items: A console port.
 */
consoles?: {
name: string
/**
 * Socket path; default in the state directory.
 */
path?: string
}[]
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
consoleSlot?: string
/**
 * A VNC framebuffer (bhyve `fbuf`).
 */
framebuffer?: {
/**
 * Address[:port] to listen on (bhyve `tcp=`).
 */
listen?: string
/**
 * Width in pixels, 640-1920 (bhyve `w=`).
 */
width?: number
/**
 * Height in pixels, 480-1200 (bhyve `h=`).
 */
height?: number
/**
 * VGA mode (bhyve `vga=`).
 */
vga?: ("on" | "io" | "off")
/**
 * Wait for a VNC client before booting (bhyve `wait`).
 */
wait?: boolean
/**
 * File holding the VNC password (never inline in the spec).
 */
passwordFile?: string
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}
/**
 * xhci USB tablet for absolute pointer input (bhyve `xhci,tablet`).
 */
tablet?: (boolean | {
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
})
/**
 * virtio-9p shares.
 * 
 * @maxItems 16
 */
shares?: Share[]
/**
 * PCI passthrough devices (bhyve `passthru,bus/slot/function`).
 * 
 * @maxItems 8
 * 
 * Items: A host PCI device.
 */
passthrough?: {
/**
 * Host bus/slot/function.
 */
host: string
/**
 * An absolute path on the host.
 */
rom?: string
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}[]
/**
 * hda sound device (bhyve `hda,play=…,rec=…`).
 */
sound?: {
/**
 * An absolute path on the host.
 */
play?: string
/**
 * An absolute path on the host.
 */
record?: string
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}
/**
 * The host bridge (bhyve `hostbridge` or `amd_hostbridge`).
 */
hostbridge?: {
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
/**
 * Emulate an AMD host bridge.
 */
amd?: boolean
}
/**
 * The LPC bridge; com ports and the bootrom sit behind it. Must be on bus 0.
 */
lpc?: {
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}
/**
 * bhyve pc-testdev on the LPC bridge.
 */
testDevice?: boolean
/**
 * Generate ACPI tables (bhyve -A). Default true.
 */
acpi?: boolean
/**
 * HPET timer block (IA-PC HPET 1.0a) at 0xfed00000 with its ACPI table, on the KVM backend. Default true. The bhyve target ignores it: bhyve always emulates an HPET.
 */
hpet?: boolean
/**
 * Local APIC in x2APIC mode (bhyve -x).
 */
x2apic?: boolean
/**
 * Yield the vCPU thread on HLT (bhyve -H). Default true.
 */
yieldOnHlt?: boolean
/**
 * Exit on PAUSE (bhyve -P).
 */
exitOnPause?: boolean
/**
 * RTC keeps UTC (bhyve -u).
 */
rtcUtc?: boolean
/**
 * System UUID (bhyve -U).
 */
uuid?: string
/**
 * Ignore accesses to unimplemented MSRs (bhyve -w).
 */
ignoreUnimplementedMsrs?: boolean
/**
 * Destroy the VM on guest poweroff (bhyve -D).
 */
destroyOnPoweroff?: boolean
/**
 * Exit on access to an unemulated I/O port (bhyve -e; debugging).
 */
exitOnUnemulatedIo?: boolean
/**
 * Include guest memory in core dumps (bhyve -C).
 */
coreDumpGuestMemory?: boolean
/**
 * Do not generate MP tables (bhyve -Y).
 */
disableMptable?: boolean
/**
 * Force MSI interrupts rather than MSI-X (bhyve -W).
 */
forceMsi?: boolean
/**
 * GDB remote debug server (bhyve -G).
 */
gdb?: {
/**
 * TCP port the debug server listens on.
 */
port: number
/**
 * Pause at the first instruction until a debugger attaches (`w` prefix).
 */
waitForAttach?: boolean
/**
 * Address the debug server listens on (bhyve -G `bind:` prefix). Default 127.0.0.1: only this host can attach; the protocol has no authentication.
 */
address?: string
}
/**
 * Whether the VM should be running, checked by apply and the watch agent whenever its process is not running (like KubeVirt's runStrategy). Always (default): started whenever it is not running, whatever stopped it, unless `tshyve stop` holds it down. OnFailure: started again only after a triple fault (3), an error (4) or a dead VM process. Once: started when first declared (and again after its machine spec changes); once its process ends it stays down. Halted: never started; a running one is stopped. The restart policy still decides what the VM process does after each guest exit.
 */
run?: ("Always" | "OnFailure" | "Once" | "Halted")
/**
 * What to do when the guest exits, keyed on bhyve's exit status.
 */
restartPolicy?: {
/**
 * On exit status 0 (reboot). Default restart.
 */
onReboot?: ("restart" | "restartWithBackoff" | "stop")
/**
 * On exit status 1 (poweroff). Default stop.
 */
onPoweroff?: ("restart" | "restartWithBackoff" | "stop")
/**
 * On exit status 2 (halt). Default stop.
 */
onHalt?: ("restart" | "restartWithBackoff" | "stop")
/**
 * On exit status 3 (triple fault). Default restartWithBackoff.
 */
onTripleFault?: ("restart" | "restartWithBackoff" | "stop")
/**
 * On exit status 4 (error). Default restartWithBackoff.
 */
onError?: ("restart" | "restartWithBackoff" | "stop")
/**
 * First backoff delay. Default 1s.
 */
backoffInitial?: string
/**
 * Largest backoff delay. Default 5m.
 */
backoffMax?: string
/**
 * Restarts within crashLoopWindow that make a crash loop (reported). Default 5.
 */
crashLoopRestarts?: number
/**
 * Window for crash-loop detection. Default 10m.
 */
crashLoopWindow?: string
}
/**
 * Start at boot (by the agent) and in apply.
 */
autostart?: {
/**
 * Start this VM automatically. Default true.
 */
enabled?: boolean
/**
 * Lower starts first. Default 100.
 */
order?: number
/**
 * Wait this long after starting this VM before the next one.
 */
delay?: string
/**
 * VirtualMachines that must be started first: a name, or `{ vm: NAME, ready: running|address|ssh|serial:REGEX }` to wait until it is ready.
 */
after?: (string | {
/**
 * The VirtualMachine to wait for.
 */
vm: string
/**
 * running: its process runs the guest; address: it holds a DHCP lease; ssh: its SSH port answers with an SSH-2.0- banner; serial:REGEX: its com1 output matches REGEX (output since it was started here).
 */
ready: string
/**
 * How long to wait for it. Default 2m. Past it the dependent starts anyway and the dependency is reported as not ready.
 */
timeout?: string
})[]
/**
 * What stopping the agent (its systemd unit's stop, at host shutdown) does to this VM. stop (default): nothing, the VM process is left to the host's shutdown. suspend: the agent snapshots the VM (as `tshyve snapshot --stop`) and, at its next start, resumes it from the snapshot instead of booting it (a snapshot that cannot be restored falls back to a cold boot, with the reason in status).
 */
onHostShutdown?: ("stop" | "suspend")
}
/**
 * How long an ACPI shutdown may take before the VM is stopped by force. Default 60s.
 */
stopTimeout?: string
/**
 * Start the VM from this snapshot file (`tshyve snapshot`) instead of booting it (bhyve -r). A second start from the same snapshot is refused while the VM has a writable disk that is not a clone of a VolumeSnapshot.
 */
restoreFrom?: string
placement?: Placement
cloudInit?: CloudInit
}
}
/**
 * Identity of the resource.
 */
export interface ObjectMeta {
/**
 * A resource name: lower-case letters, digits and dashes, at most 63 characters, starting and ending alphanumeric.
 */
name: string
/**
 * Key/value strings.
 */
labels?: {
[k: string]: string | undefined
}
/**
 * Free-form notes; not interpreted.
 */
annotations?: {
[k: string]: string | undefined
}
}
/**
 * Boot a Linux kernel directly (bzImage through the boot protocol, or an ELF vmlinux through its PVH entry).
 */
export interface LinuxFirmware {
/**
 * Kernel image: a bzImage or an uncompressed ELF vmlinux with a PVH note.
 */
kernel: string
/**
 * Optional initial ramdisk.
 */
initrd?: string
/**
 * Kernel command line.
 */
cmdline?: string
}
/**
 * Boot a firmware ROM image mapped below 4 GiB, as bhyve -l bootrom,romfile[,varfile].
 */
export interface BootromFirmware {
/**
 * ROM image, e.g. SeaBIOS bios-256k.bin, BHYVE_UEFI.fd or OVMF.fd.
 */
image: string
/**
 * UEFI variables template; copied once per VM into the state directory and used read-write.
 */
varsTemplate?: string
}
/**
 * Load a FreeBSD guest with bhyveload(8) before each bhyve run (the FreeBSD handbook's two-step boot, as vmrun.sh does): the FreeBSD loader reads the boot disk, loads the kernel into the VM and exits. bhyve target only.
 */
export interface BhyveloadFirmware {
/**
 * Index in the VM's `disks` of the disk the loader reads (bhyveload -d); default 0, the first disk.
 */
bootDisk?: number
/**
 * FreeBSD loader environment variables (bhyveload -e name=value), in order.
 */
loaderEnv?: {
[k: string]: string | undefined
}
/**
 * The loader's console (bhyveload -c): `stdio` or a tty such as /dev/nmdm0A. Default: com1's tty or null modem when com1 has one, else bhyveload's own terminal.
 */
consoleDevice?: string
/**
 * Host directory the loader sees as host0: (bhyveload -h).
 */
hostBase?: string
/**
 * The loader library (bhyveload -l); default /boot/userboot.so.
 */
osLoader?: string
}
/**
 * A disk: a Volume by name, or a host path (image file, block device, ISO).
 */
export interface Disk {
/**
 * Name of a Volume resource.
 */
volume?: string
/**
 * Host file or block device (e.g. an ISO for ahci-cd).
 */
path?: string
/**
 * Emulated controller. ahci-* disks that share one slot form one multi-port ahci controller.
 */
device?: ("virtio-blk" | "ahci-hd" | "ahci-cd" | "nvme" | "virtio-scsi")
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
options?: DiskOptions
limits?: DiskLimits
}
/**
 * Device options, as bhyve(8) block-device options.
 */
export interface DiskOptions {
/**
 * Read-only disk (bhyve `ro`).
 */
readOnly?: boolean
/**
 * Open with O_DIRECT (bhyve `nocache`).
 */
nocache?: boolean
/**
 * Open with O_SYNC (bhyve `direct`).
 */
direct?: boolean
/**
 * Logical[/physical] sector size (bhyve `sectorsize=`).
 */
sectorSize?: (string | number)
/**
 * Do not advertise discard/TRIM (bhyve `nodelete`).
 */
nodelete?: boolean
/**
 * Serial number reported to the guest (at most 20 printable ASCII characters; bhyve `ser=`).
 */
serial?: string
/**
 * Number of request queues (virtio-blk).
 */
queues?: number
/**
 * nvme `maxq=`.
 */
nvmeMaxQueues?: number
/**
 * nvme `qsz=`.
 */
nvmeQueueSize?: number
/**
 * nvme `ioslots=`.
 */
nvmeIoSlots?: number
/**
 * nvme `eui64=`.
 */
nvmeEui64?: string
/**
 * nvme `dsm=` (dataset management / TRIM).
 */
nvmeDsm?: ("auto" | "enable" | "disable")
/**
 * ahci `model=`.
 */
ahciModel?: string
/**
 * ahci `rev=`.
 */
ahciRevision?: string
/**
 * ahci `nmrr=` (nominal media rotation rate; 1 = SSD).
 */
ahciRotation?: number
}
/**
 * I/O rate limits of one disk, as Firecracker's token buckets: a bucket holds up to its burst and refills continuously at the rate; a request waits in the virtqueue (never failed or dropped) until every bucket it needs holds enough. A request larger than the bucket goes once the bucket is full and is paid back before the next. On the bhyve target the limits of all disks of a VM add up to rctl(8) rules on its bhyve process.
 */
export interface DiskLimits {
/**
 * Bytes per second read plus written (data only), a size with a unit: `50MiB` is 50 MiB/s.
 */
bandwidth?: string
/**
 * Requests per second (reads, writes, flushes, discards: every request counts one).
 */
iops?: number
/**
 * Bucket size of `bandwidth` in bytes: how much may go at once after an idle spell. Default: one second's worth.
 */
bandwidthBurst?: string
/**
 * Bucket size of `iops` in requests. Default: one second's worth.
 */
iopsBurst?: number
}
/**
 * A network interface on a Tap (by resource name) or on a Bridge (a tap is generated and owned for it).
 */
export interface Nic {
/**
 * Name of a Tap resource.
 */
tap?: string
/**
 * Name of a Bridge resource; tshyve generates a tap for this NIC.
 */
bridge?: string
/**
 * Emulated NIC.
 */
device?: ("virtio-net" | "e1000")
/**
 * Guest MAC address. Default: derived as bhyve does (OUI 58:9c:fc, the rest from a hash of slot, function and VM name).
 */
mac?: string
/**
 * MTU advertised to the guest (virtio-net `mtu=`).
 */
mtu?: number
/**
 * Expose iPXE's virtio option ROM (Debian ipxe-qemu, efi-virtio.rom or pxe-virtio.rom) in this NIC's PCI expansion ROM BAR so firmware can network-boot from it (QEMU romfile). Default false.
 */
bootRom?: boolean
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
/**
 * Pin this NIC's IPv4 address: the static DHCP lease its bridge's dnsmasq hands to its MAC. Default: a stable address derived from the MAC, inside the bridge's subnet and outside `dhcp.range`.
 */
address?: string
/**
 * Host ports forwarded to this NIC's address (nftables DNAT in table `inet tshyve`). Needs a NIC on a bridge with `dhcp`.
 */
ports?: PortForward[]
limits?: NicLimits
}
/**
 * One host port forwarded to a guest port.
 */
export interface PortForward {
/**
 * Host port.
 */
host: number
/**
 * Guest port.
 */
guest: number
/**
 * Transport protocol.
 */
protocol?: ("tcp" | "udp")
/**
 * Host address the forward listens on. Default 127.0.0.1.
 */
address?: string
}
/**
 * Rate limits of one NIC, per direction as the guest sees it (Firecracker's rx/tx rate limiters): `rx` is what the guest receives, `tx` what it sends. Set both for a symmetric limit. Not available on the bhyve target (compile warns).
 */
export interface NicLimits {
rx?: NicRateLimit
tx?: NicRateLimit
}
/**
 * One direction's rate limit: frames beyond it wait (transmit: in the virtqueue; receive: in the tap, whose queue drops what overflows it, as a real link).
 */
export interface NicRateLimit {
/**
 * Frame bytes per second (without the virtio-net header), a size with a unit: `10MiB` is 10 MiB/s.
 */
bandwidth?: string
/**
 * Frames per second.
 */
packets?: number
/**
 * Bucket size of `bandwidth` in bytes. Default: one second's worth.
 */
bandwidthBurst?: string
/**
 * Bucket size of `packets` in frames. Default: one second's worth.
 */
packetsBurst?: number
}
/**
 * A serial port, as bhyve -l comN,…
 */
export interface SerialPort {
/**
 * stdio: the terminal of `tshyve run`; log: append to a file; socket: a unix socket in the state directory (what `tshyve console` attaches to); tty: a host tty such as /dev/nmdm0A.
 */
mode: ("stdio" | "log" | "socket" | "tty" | "off")
/**
 * Log file (mode log), socket path (mode socket; default in the state directory) or tty device (mode tty).
 */
path?: string
}
/**
 * A virtio-9p share (bhyve `virtio-9p,sharename=/path`).
 */
export interface Share {
/**
 * Share (mount) tag.
 */
name: string
/**
 * An absolute path on the host.
 */
path: string
/**
 * Export read-only (`ro`).
 */
readOnly?: boolean
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}
/**
 * Which hosts reconcile this resource (the watch agent's --host). Absent: every host.
 */
export interface Placement {
/**
 * Host names this resource belongs to.
 */
hosts?: string[]
/**
 * Labels a host must carry (agent --host-label k=v) for this resource to apply there.
 */
hostSelector?: {
[k: string]: string | undefined
}
}
/**
 * Provisioning by cloud-init's NoCloud data source: tshyve builds a seed (ISO 9660, volume label `cidata`) in the VM's state directory and attaches it read-only (virtio-blk on KVM, ahci-cd on bhyve). The seed and its instance-id change when, and only when, this input changes.
 */
export interface CloudInit {
/**
 * The guest's host name (meta-data `local-hostname`); default: the VM name.
 */
hostname?: string
/**
 * Users to create.
 * 
 * @maxItems 32
 */
users?: CloudInitUser[]
/**
 * Inline user-data (`#cloud-config` YAML, a `#!` script, …), merged after the users above. Put secrets in `userDataFile` instead: inline text is stored in the applied spec.
 */
userData?: string
/**
 * A host file holding user-data (secrets belong here); read at apply time, never shown by show or plan.
 */
userDataFile?: string
/**
 * Network configuration version 2 (netplan syntax) as YAML; default: DHCP on every NIC, matched by MAC.
 */
networkConfig?: {

}
/**
 * Extra meta-data keys (instance-id and local-hostname are tshyve's).
 */
metaData?: {
[k: string]: string | number | boolean | undefined
}
/**
 * Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).
 */
slot?: string
}
/**
 * A user cloud-init creates (cloud-config `users`).
 */
export interface CloudInitUser {
/**
 * Login name.
 */
name: string
/**
 * Supplementary groups, e.g. `[sudo]`.
 * 
 * @maxItems 32
 */
groups?: string[]
/**
 * A sudoers rule, e.g. `ALL=(ALL) NOPASSWD:ALL`.
 */
sudo?: string
/**
 * Login shell, e.g. `/bin/bash`.
 */
shell?: string
/**
 * Public keys, one per item (`ssh-ed25519 AAAA… me@host`).
 * 
 * @maxItems 64
 */
sshAuthorizedKeys?: string[]
/**
 * A host file of public keys (one per line, as `~/.ssh/id_ed25519.pub` or `authorized_keys`); read at apply time.
 */
sshAuthorizedKeysFile?: string
}
/**
 * A Bridge document.
 */
export interface BridgeDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "Bridge"
metadata: ObjectMeta
/**
 * A host bridge, as `ifconfig bridge0 create; ifconfig bridge0 addm igb0 up` or `ip link add … type bridge`.
 */
spec: {
/**
 * Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).
 */
name: string
/**
 * Uplink interfaces enslaved to the bridge (`addm`). They must exist.
 * 
 * Items: A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).
 */
members?: string[]
/**
 * Addresses (CIDR) on the bridge.
 */
addresses?: string[]
/**
 * MTU. Default 1500.
 */
mtu?: number
/**
 * Manage this interface although tshyve did not create it.
 */
adopt?: boolean
/**
 * Masquerade the bridge's IPv4 subnet out of the host's default route (`true`) or out of named uplinks, with rules in tshyve's own nftables table `inet tshyve`; sets net.ipv4.ip_forward.
 */
nat?: (boolean | BridgeNat)
/**
 * Serve DHCP (and DNS forwarding) on this bridge with a dnsmasq of its own, bound to this bridge only, with a static lease for every VM NIC on it. `true`: the defaults. Needs an IPv4 address in `addresses`.
 */
dhcp?: (boolean | BridgeDhcp)
placement?: Placement
}
}
/**
 * Outbound NAT (masquerade) for a bridge's subnet.
 */
export interface BridgeNat {
/**
 * Host interfaces to masquerade out of. Default: the interface of the host's default route.
 * 
 * @minItems 1
 * 
 * Items: A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).
 */
uplinks?: [string, ...(string)[]]
}
/**
 * The DHCP service of a bridge.
 */
export interface BridgeDhcp {
/**
 * Dynamic addresses handed out to unknown clients, `first-last` inside the bridge's subnet. Default: the upper half of the subnet.
 */
range?: string
/**
 * Lease duration. Default 1h.
 */
leaseTime?: string
/**
 * DNS servers announced to guests. Default: the bridge's own address (dnsmasq forwards to the host's resolvers).
 */
dns?: string[]
}
/**
 * A Tap document.
 */
export interface TapDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "Tap"
metadata: ObjectMeta
/**
 * A tap device (`ip tuntap add mode tap`, `ifconfig tap0 create`).
 */
spec: {
/**
 * Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).
 */
name: string
/**
 * Bridge resource this tap joins.
 */
bridge?: string
/**
 * MTU. Default: the bridge's, else 1500.
 */
mtu?: number
/**
 * Create with IFF_VNET_HDR (offloads). Default true.
 */
vnetHeader?: boolean
/**
 * Create with IFF_MULTI_QUEUE.
 */
multiQueue?: boolean
/**
 * Manage this interface although tshyve did not create it.
 */
adopt?: boolean
placement?: Placement
}
}
/**
 * A Volume document.
 */
export interface VolumeDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "Volume"
metadata: ObjectMeta
/**
 * A disk volume: a ZFS zvol or a file. Exactly one of `zfs` or `file`.
 */
spec: {
/**
 * Volume size. Growing is done in place; shrinking is refused.
 */
size: string
/**
 * A ZFS volume, as `zfs create -V16G -o volmode=dev zroot/linuxdisk0`.
 */
zfs?: {
/**
 * pool/path of the zvol.
 */
dataset: string
/**
 * zvol volmode. Default dev.
 */
volmode?: ("dev" | "geom" | "default" | "full" | "none")
/**
 * Create sparse (-s, no reservation).
 */
sparse?: boolean
/**
 * Extra -o property=value pairs.
 */
properties?: {
[k: string]: string | undefined
}
}
/**
 * A raw image file.
 */
file?: {
/**
 * An absolute path on the host.
 */
path: string
/**
 * Create sparse (truncate). Default true.
 */
sparse?: boolean
}
/**
 * Contents copied once, when the volume is created: a VolumeSnapshot (`snapshot`: a `zfs clone` of a zvol snapshot, a reflink or sparse copy of a file snapshot), or an image (`image`): a local file or an http(s) URL (then `sha256` is required), raw, qcow2, vmdk, vhdx or vdi (converted with qemu-img), optionally .xz/.gz/.zst-compressed or a .tar.xz/.tar.gz holding one disk image (as Debian's cloud images). Downloads are cached by digest under the state directory and shared. Exactly one of `image` or `snapshot`.
 */
source?: {
/**
 * An absolute path on the host, or an http(s) URL.
 */
image?: string
/**
 * Name of a VolumeSnapshot to clone (instead of `image`). The volume must use the same backend as the snapshot (and, for ZFS, the same pool) and be at least as large as the snapshot.
 */
snapshot?: string
/**
 * sha256 of the file as downloaded (before decompression or conversion); required for a URL, checked for a local file too.
 */
sha256?: string
/**
 * Image format; default: what `qemu-img info` detects (raw when qemu-img is missing).
 */
format?: ("raw" | "qcow2" | "vmdk" | "vhdx" | "vdi")
}
/**
 * Retain (default): never delete the data. Delete: delete when removed from the specs and `--prune` is given.
 */
reclaimPolicy?: ("Retain" | "Delete")
/**
 * Manage this volume although tshyve did not create it.
 */
adopt?: boolean
placement?: Placement
}
}
/**
 * A VolumeSnapshot document.
 */
export interface VolumeSnapshotDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "VolumeSnapshot"
metadata: ObjectMeta
/**
 * A point-in-time copy of a Volume, taken once when it is first declared: `zfs snapshot POOL/NAME@SNAP` for a zvol; a reflink copy (or, where the filesystem has no reflinks, a full sparse copy) for a file volume, kept read-only. A Volume clones it with `source.snapshot`. It is placed on the host of its volume.
 */
spec: {
/**
 * Name of the Volume resource to snapshot.
 */
volume: string
/**
 * Where the snapshot of a file volume is kept. Default: next to the volume, `<volume path>@<snapshot name>`.
 */
path?: string
/**
 * Retain (default): never delete the snapshot. Delete: delete it when it is removed from the specs and `--prune` is given.
 */
reclaimPolicy?: ("Retain" | "Delete")
}
}
/**
 * A Firmware document.
 */
export interface FirmwareDocument {
/**
 * Schema version of this document.
 */
apiVersion: "tshyve.dev/v1alpha1"
/**
 * The resource kind.
 */
kind: "Firmware"
metadata: ObjectMeta
/**
 * Firmware: exactly one of `linux`, `bootrom` or `bhyveload`.
 */
spec: {
linux?: LinuxFirmware
bootrom?: BootromFirmware
bhyveload?: BhyveloadFirmware
placement?: Placement
}
}
