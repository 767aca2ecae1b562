// Generated from schema/tshyve.schema.json by scripts/generate-validators.js (ajv standalone code);
// do not edit by hand: `node scripts/generate-validators.js` rewrites it, the lint checks it is current.
// @ts-nocheck
/* eslint-disable */
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
/** The document kinds, in schema order. */
export const schemaKinds = ["VirtualMachine","Bridge","Tap","Volume","VolumeSnapshot","Firmware"];
export const validate = validate10;
export default validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://tshyve.dev/schema/v1alpha1/tshyve.schema.json","title":"tshyve manifest","description":"One tshyve document: a VirtualMachine, Bridge, Tap, Volume or Firmware (apiVersion tshyve.dev/v1alpha1).","type":"object","required":["apiVersion","kind"],"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1"},"kind":{"enum":["VirtualMachine","Bridge","Tap","Volume","VolumeSnapshot","Firmware"]}},"allOf":[{"if":{"properties":{"kind":{"const":"VirtualMachine"}},"required":["kind"]},"then":{"$ref":"#/definitions/VirtualMachine"}},{"if":{"properties":{"kind":{"const":"Bridge"}},"required":["kind"]},"then":{"$ref":"#/definitions/Bridge"}},{"if":{"properties":{"kind":{"const":"Tap"}},"required":["kind"]},"then":{"$ref":"#/definitions/Tap"}},{"if":{"properties":{"kind":{"const":"Volume"}},"required":["kind"]},"then":{"$ref":"#/definitions/Volume"}},{"if":{"properties":{"kind":{"const":"VolumeSnapshot"}},"required":["kind"]},"then":{"$ref":"#/definitions/VolumeSnapshot"}},{"if":{"properties":{"kind":{"const":"Firmware"}},"required":["kind"]},"then":{"$ref":"#/definitions/Firmware"}}],"definitions":{"VirtualMachine":{"type":"object","description":"A VirtualMachine document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"VirtualMachine","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A guest, as bhyve(8) runs it.","additionalProperties":false,"properties":{"cpus":{"type":["integer","object"],"minimum":1,"maximum":255,"x-message":"expected a vCPU count (1-255) or { count, sockets, cores, threads }","description":"vCPUs: a count, or a topology whose product equals the count (bhyve -c).","additionalProperties":false,"properties":{"count":{"type":"integer","minimum":1,"maximum":255,"description":"Number of vCPUs; default sockets × cores × threads."},"sockets":{"type":"integer","minimum":1,"maximum":255,"default":1},"cores":{"type":"integer","minimum":1,"maximum":255,"default":1},"threads":{"type":"integer","minimum":1,"maximum":255,"default":1}},"examples":[2,{"sockets":1,"cores":2,"threads":1}]},"cpuPinning":{"type":"array","description":"Pin vCPUs to host CPUs (bhyve -p vcpu:hostcpu).","items":{"type":"object","description":"One pinning.","additionalProperties":false,"properties":{"vcpu":{"type":"integer","minimum":0,"maximum":255},"hostCpu":{"type":"integer","minimum":0,"maximum":4095}},"required":["vcpu","hostCpu"]}},"memory":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 512MiB or 2G","description":"Guest memory (bhyve -m). A size with a unit: IEC (KiB, MiB, GiB, TiB) or bhyve-style single letters (K, M, G, T; case-insensitive, binary multiples). A bare number is rejected.","examples":["512MiB","2G","16GiB"]},"wiredMemory":{"type":"boolean","description":"Wire guest memory (bhyve -S)."},"firmware":{"type":["string","object"],"pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected the name of a Firmware resource or an inline { linux } / { bootrom } / { bhyveload }","additionalProperties":false,"properties":{"linux":{"$ref":"#/definitions/LinuxFirmware"},"bootrom":{"$ref":"#/definitions/BootromFirmware"},"bhyveload":{"$ref":"#/definitions/BhyveloadFirmware"}},"description":"The name of a Firmware resource, or an inline firmware."},"disks":{"type":"array","maxItems":64,"items":{"$ref":"#/definitions/Disk"},"description":"Disks in guest order."},"nics":{"type":"array","maxItems":32,"items":{"$ref":"#/definitions/Nic"},"description":"Network interfaces."},"serial":{"type":"object","description":"Serial ports com1–com4 on the LPC bridge.","additionalProperties":false,"properties":{"com1":{"$ref":"#/definitions/SerialPort"},"com2":{"$ref":"#/definitions/SerialPort"},"com3":{"$ref":"#/definitions/SerialPort"},"com4":{"$ref":"#/definitions/SerialPort"}}},"rng":{"type":["boolean","object"],"additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"description":"virtio-rnd entropy device (true, or { slot })."},"consoles":{"type":"array","maxItems":16,"description":"virtio-console ports, each on a unix socket (bhyve `virtio-console,port1=/path.sock`).","items":{"type":"object","description":"A console port.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,63}$"},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Socket path; default in the state directory.","examples":["/var/lib/tshyve/images/web.img"]}},"required":["name"]}},"consoleSlot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"framebuffer":{"type":"object","description":"A VNC framebuffer (bhyve `fbuf`).","additionalProperties":false,"properties":{"listen":{"type":"string","pattern":"^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$","description":"Address[:port] to listen on (bhyve `tcp=`).","examples":["127.0.0.1:5900","[::]:5900"]},"width":{"type":"integer","minimum":640,"maximum":1920,"default":1024,"description":"Width in pixels, 640-1920 (bhyve `w=`)."},"height":{"type":"integer","minimum":480,"maximum":1200,"default":768,"description":"Height in pixels, 480-1200 (bhyve `h=`)."},"vga":{"enum":["on","io","off"],"description":"VGA mode (bhyve `vga=`)."},"wait":{"type":"boolean","description":"Wait for a VNC client before booting (bhyve `wait`)."},"passwordFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"File holding the VNC password (never inline in the spec).","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"tablet":{"type":["boolean","object"],"additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"description":"xhci USB tablet for absolute pointer input (bhyve `xhci,tablet`)."},"shares":{"type":"array","maxItems":16,"items":{"$ref":"#/definitions/Share"},"description":"virtio-9p shares."},"passthrough":{"type":"array","maxItems":8,"description":"PCI passthrough devices (bhyve `passthru,bus/slot/function`).","items":{"type":"object","description":"A host PCI device.","additionalProperties":false,"properties":{"host":{"type":"string","pattern":"^[0-9]{1,3}/[0-9]{1,2}/[0-9]$","x-message":"expected a host PCI address bus/slot/function such as 2/0/0","description":"Host bus/slot/function."},"rom":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"required":["host"]}},"sound":{"type":"object","description":"hda sound device (bhyve `hda,play=…,rec=…`).","additionalProperties":false,"properties":{"play":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"record":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"hostbridge":{"type":"object","description":"The host bridge (bhyve `hostbridge` or `amd_hostbridge`).","additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"amd":{"type":"boolean","description":"Emulate an AMD host bridge."}}},"lpc":{"type":"object","description":"The LPC bridge; com ports and the bootrom sit behind it. Must be on bus 0.","additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"testDevice":{"type":"boolean","description":"bhyve pc-testdev on the LPC bridge."},"acpi":{"type":"boolean","description":"Generate ACPI tables (bhyve -A). Default true."},"hpet":{"type":"boolean","description":"HPET timer block (IA-PC HPET 1.0a) at 0xfed00000 with its ACPI table, on the KVM backend. Default true. The bhyve target ignores it: bhyve always emulates an HPET."},"x2apic":{"type":"boolean","description":"Local APIC in x2APIC mode (bhyve -x)."},"yieldOnHlt":{"type":"boolean","description":"Yield the vCPU thread on HLT (bhyve -H). Default true."},"exitOnPause":{"type":"boolean","description":"Exit on PAUSE (bhyve -P)."},"rtcUtc":{"type":"boolean","description":"RTC keeps UTC (bhyve -u)."},"uuid":{"type":"string","pattern":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$","x-message":"expected a UUID such as 6a1f5f8e-3c2d-4b7a-9e10-2f3a4b5c6d7e","description":"System UUID (bhyve -U)."},"ignoreUnimplementedMsrs":{"type":"boolean","description":"Ignore accesses to unimplemented MSRs (bhyve -w)."},"destroyOnPoweroff":{"type":"boolean","description":"Destroy the VM on guest poweroff (bhyve -D)."},"exitOnUnemulatedIo":{"type":"boolean","description":"Exit on access to an unemulated I/O port (bhyve -e; debugging)."},"coreDumpGuestMemory":{"type":"boolean","description":"Include guest memory in core dumps (bhyve -C)."},"disableMptable":{"type":"boolean","description":"Do not generate MP tables (bhyve -Y)."},"forceMsi":{"type":"boolean","description":"Force MSI interrupts rather than MSI-X (bhyve -W)."},"gdb":{"type":"object","description":"GDB remote debug server (bhyve -G).","additionalProperties":false,"properties":{"port":{"type":"integer","minimum":1,"maximum":65535,"description":"TCP port the debug server listens on."},"waitForAttach":{"type":"boolean","description":"Pause at the first instruction until a debugger attaches (`w` prefix)."},"address":{"type":"string","pattern":"^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$","x-message":"expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1","default":"127.0.0.1","description":"Address the debug server listens on (bhyve -G `bind:` prefix). Default 127.0.0.1: only this host can attach; the protocol has no authentication."}},"required":["port"]},"run":{"enum":["Always","OnFailure","Once","Halted"],"description":"Whether the VM should be running, checked by apply and the watch agent whenever its process is not running (like KubeVirt's runStrategy). Always (default): started whenever it is not running, whatever stopped it, unless `tshyve stop` holds it down. OnFailure: started again only after a triple fault (3), an error (4) or a dead VM process. Once: started when first declared (and again after its machine spec changes); once its process ends it stays down. Halted: never started; a running one is stopped. The restart policy still decides what the VM process does after each guest exit.","examples":["Always","Once"]},"restartPolicy":{"type":"object","description":"What to do when the guest exits, keyed on bhyve's exit status.","additionalProperties":false,"properties":{"onReboot":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 0 (reboot). Default restart."},"onPoweroff":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 1 (poweroff). Default stop."},"onHalt":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 2 (halt). Default stop."},"onTripleFault":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 3 (triple fault). Default restartWithBackoff."},"onError":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 4 (error). Default restartWithBackoff."},"backoffInitial":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"First backoff delay. Default 1s.","examples":["30s","5m","1h30m"]},"backoffMax":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Largest backoff delay. Default 5m.","examples":["30s","5m","1h30m"]},"crashLoopRestarts":{"type":"integer","minimum":1,"maximum":1000,"description":"Restarts within crashLoopWindow that make a crash loop (reported). Default 5."},"crashLoopWindow":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Window for crash-loop detection. Default 10m.","examples":["30s","5m","1h30m"]}}},"autostart":{"type":"object","description":"Start at boot (by the agent) and in apply.","additionalProperties":false,"properties":{"enabled":{"type":"boolean","description":"Start this VM automatically. Default true."},"order":{"type":"integer","minimum":0,"maximum":100000,"description":"Lower starts first. Default 100."},"delay":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Wait this long after starting this VM before the next one.","examples":["30s","5m","1h30m"]},"after":{"type":"array","uniqueItems":true,"items":{"oneOf":[{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"A resource name: lower-case letters, digits and dashes, at most 63 characters, starting and ending alphanumeric.","examples":["web","br-lan"]},{"type":"object","additionalProperties":false,"description":"Start after this VM is ready: its process runs, it holds a DHCP lease, its SSH port answers, or its com1 printed a match.","properties":{"vm":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"The VirtualMachine to wait for.","examples":["web","br-lan"]},"ready":{"type":"string","pattern":"^(running|address|ssh|serial:.+)$","x-message":"expected running, address, ssh or serial:REGEX","description":"running: its process runs the guest; address: it holds a DHCP lease; ssh: its SSH port answers with an SSH-2.0- banner; serial:REGEX: its com1 output matches REGEX (output since it was started here).","examples":["ssh","serial:login:"]},"timeout":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"How long to wait for it. Default 2m. Past it the dependent starts anyway and the dependency is reported as not ready.","examples":["2m"]}},"required":["vm","ready"]}]},"description":"VirtualMachines that must be started first: a name, or `{ vm: NAME, ready: running|address|ssh|serial:REGEX }` to wait until it is ready."},"onHostShutdown":{"enum":["stop","suspend"],"description":"What stopping the agent (its systemd unit's stop, at host shutdown) does to this VM. stop (default): nothing, the VM process is left to the host's shutdown. suspend: the agent snapshots the VM (as `tshyve snapshot --stop`) and, at its next start, resumes it from the snapshot instead of booting it (a snapshot that cannot be restored falls back to a cold boot, with the reason in status)."}}},"stopTimeout":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"How long an ACPI shutdown may take before the VM is stopped by force. Default 60s.","examples":["30s","5m","1h30m"]},"restoreFrom":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Start the VM from this snapshot file (`tshyve snapshot`) instead of booting it (bhyve -r). A second start from the same snapshot is refused while the VM has a writable disk that is not a clone of a VolumeSnapshot.","examples":["/var/lib/tshyve/snapshots/web.snapshot"]},"placement":{"$ref":"#/definitions/Placement"},"cloudInit":{"$ref":"#/definitions/CloudInit"}},"required":["cpus","memory","firmware"]}},"required":["apiVersion","kind","metadata","spec"]},"Bridge":{"type":"object","description":"A Bridge document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Bridge","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A host bridge, as `ifconfig bridge0 create; ifconfig bridge0 addm igb0 up` or `ip link add … type bridge`.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"members":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"description":"Uplink interfaces enslaved to the bridge (`addm`). They must exist."},"addresses":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$","x-message":"expected an address with prefix length such as 10.20.0.1/24"},"description":"Addresses (CIDR) on the bridge."},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU. Default 1500."},"adopt":{"type":"boolean","description":"Manage this interface although tshyve did not create it."},"nat":{"oneOf":[{"type":"boolean"},{"$ref":"#/definitions/BridgeNat"}],"description":"Masquerade the bridge's IPv4 subnet out of the host's default route (`true`) or out of named uplinks, with rules in tshyve's own nftables table `inet tshyve`; sets net.ipv4.ip_forward."},"dhcp":{"oneOf":[{"type":"boolean"},{"$ref":"#/definitions/BridgeDhcp"}],"description":"Serve DHCP (and DNS forwarding) on this bridge with a dnsmasq of its own, bound to this bridge only, with a static lease for every VM NIC on it. `true`: the defaults. Needs an IPv4 address in `addresses`."},"placement":{"$ref":"#/definitions/Placement"}},"required":["name"]}},"required":["apiVersion","kind","metadata","spec"]},"Tap":{"type":"object","description":"A Tap document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Tap","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A tap device (`ip tuntap add mode tap`, `ifconfig tap0 create`).","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"bridge":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Bridge resource this tap joins.","examples":["web","br-lan"]},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU. Default: the bridge's, else 1500."},"vnetHeader":{"type":"boolean","description":"Create with IFF_VNET_HDR (offloads). Default true."},"multiQueue":{"type":"boolean","description":"Create with IFF_MULTI_QUEUE."},"adopt":{"type":"boolean","description":"Manage this interface although tshyve did not create it."},"placement":{"$ref":"#/definitions/Placement"}},"required":["name"]}},"required":["apiVersion","kind","metadata","spec"]},"Volume":{"type":"object","description":"A Volume document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Volume","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A disk volume: a ZFS zvol or a file. Exactly one of `zfs` or `file`.","additionalProperties":false,"properties":{"size":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 512MiB or 2G","description":"Volume size. Growing is done in place; shrinking is refused.","examples":["512MiB","2G","16GiB"]},"zfs":{"type":"object","description":"A ZFS volume, as `zfs create -V16G -o volmode=dev zroot/linuxdisk0`.","additionalProperties":false,"properties":{"dataset":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$","maxLength":255,"x-message":"expected a dataset path pool/name such as zroot/vms/web","description":"pool/path of the zvol."},"volmode":{"enum":["dev","geom","default","full","none"],"description":"zvol volmode. Default dev."},"sparse":{"type":"boolean","description":"Create sparse (-s, no reservation)."},"properties":{"type":"object","additionalProperties":{"type":"string","pattern":"^[^\\n\\0]*$"},"propertyNames":{"pattern":"^[a-z][a-z0-9_:.]*$"},"description":"Extra -o property=value pairs."}},"required":["dataset"]},"file":{"type":"object","description":"A raw image file.","additionalProperties":false,"properties":{"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"sparse":{"type":"boolean","description":"Create sparse (truncate). Default true."}},"required":["path"]},"source":{"type":"object","description":"Contents copied once, when the volume is created: a VolumeSnapshot (`snapshot`: a `zfs clone` of a zvol snapshot, a reflink or sparse copy of a file snapshot), or an image (`image`): a local file or an http(s) URL (then `sha256` is required), raw, qcow2, vmdk, vhdx or vdi (converted with qemu-img), optionally .xz/.gz/.zst-compressed or a .tar.xz/.tar.gz holding one disk image (as Debian's cloud images). Downloads are cached by digest under the state directory and shared. Exactly one of `image` or `snapshot`.","additionalProperties":false,"properties":{"image":{"type":"string","pattern":"^(/|https?://)[^\u0000\r\n ]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /) or an http(s) URL, without NUL, CR, LF or spaces","description":"An absolute path on the host, or an http(s) URL.","examples":["/var/lib/tshyve/images/web.img","https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"]},"snapshot":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a VolumeSnapshot to clone (instead of `image`). The volume must use the same backend as the snapshot (and, for ZFS, the same pool) and be at least as large as the snapshot.","examples":["web","br-lan"]},"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$","x-message":"expected a sha256 digest: 64 lower-case hex digits","description":"sha256 of the file as downloaded (before decompression or conversion); required for a URL, checked for a local file too."},"format":{"enum":["raw","qcow2","vmdk","vhdx","vdi"],"description":"Image format; default: what `qemu-img info` detects (raw when qemu-img is missing)."}}},"reclaimPolicy":{"enum":["Retain","Delete"],"description":"Retain (default): never delete the data. Delete: delete when removed from the specs and `--prune` is given."},"adopt":{"type":"boolean","description":"Manage this volume although tshyve did not create it."},"placement":{"$ref":"#/definitions/Placement"}},"required":["size"]}},"required":["apiVersion","kind","metadata","spec"]},"VolumeSnapshot":{"type":"object","description":"A VolumeSnapshot document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"VolumeSnapshot","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A point-in-time copy of a Volume, taken once when it is first declared: `zfs snapshot POOL/NAME@SNAP` for a zvol; a reflink copy (or, where the filesystem has no reflinks, a full sparse copy) for a file volume, kept read-only. A Volume clones it with `source.snapshot`. It is placed on the host of its volume.","additionalProperties":false,"properties":{"volume":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of the Volume resource to snapshot.","examples":["web","br-lan"]},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Where the snapshot of a file volume is kept. Default: next to the volume, `<volume path>@<snapshot name>`.","examples":["/var/lib/tshyve/images/web.img@before-upgrade"]},"reclaimPolicy":{"enum":["Retain","Delete"],"description":"Retain (default): never delete the snapshot. Delete: delete it when it is removed from the specs and `--prune` is given."}},"required":["volume"]}},"required":["apiVersion","kind","metadata","spec"]},"Firmware":{"type":"object","description":"A Firmware document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Firmware","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"Firmware: exactly one of `linux`, `bootrom` or `bhyveload`.","additionalProperties":false,"properties":{"linux":{"$ref":"#/definitions/LinuxFirmware"},"bootrom":{"$ref":"#/definitions/BootromFirmware"},"bhyveload":{"$ref":"#/definitions/BhyveloadFirmware"},"placement":{"$ref":"#/definitions/Placement"}}}},"required":["apiVersion","kind","metadata","spec"]},"Placement":{"title":"Placement","type":"object","description":"Which hosts reconcile this resource (the watch agent's --host). Absent: every host.","additionalProperties":false,"properties":{"hosts":{"type":"array","items":{"type":"string","minLength":1,"maxLength":253},"uniqueItems":true,"description":"Host names this resource belongs to."},"hostSelector":{"type":"object","description":"Labels a host must carry (agent --host-label k=v) for this resource to apply there.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}}}},"ObjectMeta":{"title":"ObjectMeta","type":"object","description":"Identity of the resource.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"A resource name: lower-case letters, digits and dashes, at most 63 characters, starting and ending alphanumeric.","examples":["web","br-lan"]},"labels":{"type":"object","description":"Key/value strings.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}},"annotations":{"type":"object","description":"Free-form notes; not interpreted.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}}},"required":["name"]},"LinuxFirmware":{"title":"LinuxFirmware","type":"object","description":"Boot a Linux kernel directly (bzImage through the boot protocol, or an ELF vmlinux through its PVH entry).","additionalProperties":false,"properties":{"kernel":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Kernel image: a bzImage or an uncompressed ELF vmlinux with a PVH note.","examples":["/var/lib/tshyve/images/web.img"]},"initrd":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Optional initial ramdisk.","examples":["/var/lib/tshyve/images/web.img"]},"cmdline":{"type":"string","maxLength":2047,"description":"Kernel command line.","examples":["console=ttyS0 root=/dev/vda1 ro"],"pattern":"^[^\u0000\r\n]*$","x-message":"expected one line (no NUL, CR or LF)"}},"required":["kernel"]},"BootromFirmware":{"title":"BootromFirmware","type":"object","description":"Boot a firmware ROM image mapped below 4 GiB, as bhyve -l bootrom,romfile[,varfile].","additionalProperties":false,"properties":{"image":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"ROM image, e.g. SeaBIOS bios-256k.bin, BHYVE_UEFI.fd or OVMF.fd.","examples":["/usr/share/seabios/bios-256k.bin"]},"varsTemplate":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"UEFI variables template; copied once per VM into the state directory and used read-write.","examples":["/var/lib/tshyve/images/web.img"]}},"required":["image"]},"BhyveloadFirmware":{"title":"BhyveloadFirmware","type":"object","description":"Load a FreeBSD guest with bhyveload(8) before each bhyve run (the FreeBSD handbook's two-step boot, as vmrun.sh does): the FreeBSD loader reads the boot disk, loads the kernel into the VM and exits. bhyve target only.","additionalProperties":false,"properties":{"bootDisk":{"type":"integer","minimum":0,"maximum":63,"description":"Index in the VM's `disks` of the disk the loader reads (bhyveload -d); default 0, the first disk.","examples":[0,1]},"loaderEnv":{"type":"object","description":"FreeBSD loader environment variables (bhyveload -e name=value), in order.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_.]{0,127}$","x-message":"expected a loader variable name: letters, digits, `_` and `.`, no `=`"},"examples":[{"boot_verbose":"YES","vfs.root.mountfrom":"ufs:/dev/vtbd0p2"}]},"consoleDevice":{"type":"string","minLength":1,"maxLength":4096,"pattern":"^(stdio|/[^\u0000\r\n]*)$","x-message":"expected `stdio` or an absolute device path such as /dev/nmdm0A","description":"The loader's console (bhyveload -c): `stdio` or a tty such as /dev/nmdm0A. Default: com1's tty or null modem when com1 has one, else bhyveload's own terminal.","examples":["stdio","/dev/nmdm0A"]},"hostBase":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Host directory the loader sees as host0: (bhyveload -h).","examples":["/usr/obj/usr/src/amd64.amd64/sys/GENERIC"]},"osLoader":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"The loader library (bhyveload -l); default /boot/userboot.so.","examples":["/boot/userboot.so"]}}},"DiskOptions":{"title":"DiskOptions","type":"object","description":"Device options, as bhyve(8) block-device options.","additionalProperties":false,"properties":{"readOnly":{"type":"boolean","description":"Read-only disk (bhyve `ro`)."},"nocache":{"type":"boolean","description":"Open with O_DIRECT (bhyve `nocache`)."},"direct":{"type":"boolean","description":"Open with O_SYNC (bhyve `direct`)."},"sectorSize":{"type":["string","integer"],"minimum":1,"pattern":"^[0-9]+(/[0-9]+)?$","x-message":"expected logical[/physical] sector sizes such as 512 or 512/4096","description":"Logical[/physical] sector size (bhyve `sectorsize=`).","examples":["512","512/4096"]},"nodelete":{"type":"boolean","description":"Do not advertise discard/TRIM (bhyve `nodelete`)."},"serial":{"type":"string","pattern":"^[\\x20-\\x7e]{1,20}$","description":"Serial number reported to the guest (at most 20 printable ASCII characters; bhyve `ser=`)."},"queues":{"type":"integer","minimum":1,"maximum":16,"description":"Number of request queues (virtio-blk)."},"nvmeMaxQueues":{"type":"integer","minimum":1,"maximum":16,"description":"nvme `maxq=`."},"nvmeQueueSize":{"type":"integer","minimum":2,"maximum":65536,"description":"nvme `qsz=`."},"nvmeIoSlots":{"type":"integer","minimum":1,"maximum":65536,"description":"nvme `ioslots=`."},"nvmeEui64":{"type":"string","pattern":"^(0x)?[0-9a-fA-F]{1,16}$","description":"nvme `eui64=`."},"nvmeDsm":{"enum":["auto","enable","disable"],"description":"nvme `dsm=` (dataset management / TRIM)."},"ahciModel":{"type":"string","maxLength":40,"description":"ahci `model=`."},"ahciRevision":{"type":"string","maxLength":8,"description":"ahci `rev=`."},"ahciRotation":{"type":"integer","minimum":0,"maximum":65535,"description":"ahci `nmrr=` (nominal media rotation rate; 1 = SSD)."}}},"Disk":{"title":"Disk","type":"object","description":"A disk: a Volume by name, or a host path (image file, block device, ISO).","additionalProperties":false,"properties":{"volume":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Volume resource.","examples":["web","br-lan"]},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Host file or block device (e.g. an ISO for ahci-cd).","examples":["/var/lib/tshyve/images/web.img"]},"device":{"enum":["virtio-blk","ahci-hd","ahci-cd","nvme","virtio-scsi"],"default":"virtio-blk","description":"Emulated controller. ahci-* disks that share one slot form one multi-port ahci controller."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"options":{"$ref":"#/definitions/DiskOptions"},"limits":{"$ref":"#/definitions/DiskLimits"}}},"Nic":{"title":"Nic","type":"object","description":"A network interface on a Tap (by resource name) or on a Bridge (a tap is generated and owned for it).","additionalProperties":false,"properties":{"tap":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Tap resource.","examples":["web","br-lan"]},"bridge":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Bridge resource; tshyve generates a tap for this NIC.","examples":["web","br-lan"]},"device":{"enum":["virtio-net","e1000"],"default":"virtio-net","description":"Emulated NIC."},"mac":{"type":"string","pattern":"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$","x-message":"expected a MAC address such as 00:be:fa:76:45:00","description":"Guest MAC address. Default: derived as bhyve does (OUI 58:9c:fc, the rest from a hash of slot, function and VM name).","examples":["00:be:fa:76:45:00"]},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU advertised to the guest (virtio-net `mtu=`)."},"bootRom":{"type":"boolean","description":"Expose iPXE's virtio option ROM (Debian ipxe-qemu, efi-virtio.rom or pxe-virtio.rom) in this NIC's PCI expansion ROM BAR so firmware can network-boot from it (QEMU romfile). Default false."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"address":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10","description":"Pin this NIC's IPv4 address: the static DHCP lease its bridge's dnsmasq hands to its MAC. Default: a stable address derived from the MAC, inside the bridge's subnet and outside `dhcp.range`."},"ports":{"type":"array","items":{"$ref":"#/definitions/PortForward"},"description":"Host ports forwarded to this NIC's address (nftables DNAT in table `inet tshyve`). Needs a NIC on a bridge with `dhcp`."},"limits":{"$ref":"#/definitions/NicLimits"}}},"DiskLimits":{"title":"DiskLimits","type":"object","description":"I/O rate limits of one disk, as Firecracker's token buckets: a bucket holds up to its burst and refills continuously at the rate; a request waits in the virtqueue (never failed or dropped) until every bucket it needs holds enough. A request larger than the bucket goes once the bucket is full and is paid back before the next. On the bhyve target the limits of all disks of a VM add up to rctl(8) rules on its bhyve process.","additionalProperties":false,"properties":{"bandwidth":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size per second with a unit such as 50MiB or 10M","description":"Bytes per second read plus written (data only), a size with a unit: `50MiB` is 50 MiB/s.","examples":["50MiB","200M"]},"iops":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Requests per second (reads, writes, flushes, discards: every request counts one)."},"bandwidthBurst":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 100MiB or 64M","description":"Bucket size of `bandwidth` in bytes: how much may go at once after an idle spell. Default: one second's worth.","examples":["100MiB"]},"iopsBurst":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Bucket size of `iops` in requests. Default: one second's worth."}}},"NicLimits":{"title":"NicLimits","type":"object","description":"Rate limits of one NIC, per direction as the guest sees it (Firecracker's rx/tx rate limiters): `rx` is what the guest receives, `tx` what it sends. Set both for a symmetric limit. Not available on the bhyve target (compile warns).","additionalProperties":false,"properties":{"rx":{"$ref":"#/definitions/NicRateLimit"},"tx":{"$ref":"#/definitions/NicRateLimit"}}},"NicRateLimit":{"title":"NicRateLimit","type":"object","description":"One direction's rate limit: frames beyond it wait (transmit: in the virtqueue; receive: in the tap, whose queue drops what overflows it, as a real link).","additionalProperties":false,"properties":{"bandwidth":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size per second with a unit such as 50MiB or 10M","description":"Frame bytes per second (without the virtio-net header), a size with a unit: `10MiB` is 10 MiB/s.","examples":["10MiB","125M"]},"packets":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Frames per second."},"bandwidthBurst":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 1MiB or 512K","description":"Bucket size of `bandwidth` in bytes. Default: one second's worth.","examples":["1MiB"]},"packetsBurst":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Bucket size of `packets` in frames. Default: one second's worth."}}},"SerialPort":{"title":"SerialPort","type":"object","description":"A serial port, as bhyve -l comN,…","additionalProperties":false,"properties":{"mode":{"enum":["stdio","log","socket","tty","off"],"description":"stdio: the terminal of `tshyve run`; log: append to a file; socket: a unix socket in the state directory (what `tshyve console` attaches to); tty: a host tty such as /dev/nmdm0A."},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Log file (mode log), socket path (mode socket; default in the state directory) or tty device (mode tty).","examples":["/var/lib/tshyve/images/web.img"]}},"required":["mode"]},"Share":{"title":"Share","type":"object","description":"A virtio-9p share (bhyve `virtio-9p,sharename=/path`).","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,31}$","description":"Share (mount) tag."},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"readOnly":{"type":"boolean","description":"Export read-only (`ro`)."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"required":["name","path"]},"CloudInitUser":{"title":"CloudInitUser","type":"object","description":"A user cloud-init creates (cloud-config `users`).","additionalProperties":false,"required":["name"],"properties":{"name":{"type":"string","pattern":"^[a-z_][a-z0-9_-]{0,31}$","x-message":"expected a user name: a lower-case letter or _, then up to 31 of a-z, 0-9, _ and -","description":"Login name."},"groups":{"type":"array","maxItems":32,"items":{"type":"string","pattern":"^[a-z_][a-z0-9_-]{0,31}$"},"description":"Supplementary groups, e.g. `[sudo]`."},"sudo":{"type":"string","maxLength":256,"pattern":"^[^\u0000\r\n]*$","description":"A sudoers rule, e.g. `ALL=(ALL) NOPASSWD:ALL`."},"shell":{"type":"string","pattern":"^/[^\u0000\r\n]*$","maxLength":256,"description":"Login shell, e.g. `/bin/bash`."},"sshAuthorizedKeys":{"type":"array","maxItems":64,"items":{"type":"string","minLength":1,"maxLength":16384,"pattern":"^[^\u0000\r\n]+$"},"description":"Public keys, one per item (`ssh-ed25519 AAAA… me@host`)."},"sshAuthorizedKeysFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"A host file of public keys (one per line, as `~/.ssh/id_ed25519.pub` or `authorized_keys`); read at apply time.","examples":["/home/me/.ssh/id_ed25519.pub"]}}},"CloudInit":{"title":"CloudInit","type":"object","description":"Provisioning by cloud-init's NoCloud data source: tshyve builds a seed (ISO 9660, volume label `cidata`) in the VM's state directory and attaches it read-only (virtio-blk on KVM, ahci-cd on bhyve). The seed and its instance-id change when, and only when, this input changes.","additionalProperties":false,"properties":{"hostname":{"type":"string","pattern":"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$","x-message":"expected a host name: letters, digits and inner hyphens, up to 63","description":"The guest's host name (meta-data `local-hostname`); default: the VM name."},"users":{"type":"array","maxItems":32,"items":{"$ref":"#/definitions/CloudInitUser"},"description":"Users to create."},"userData":{"type":"string","maxLength":65536,"description":"Inline user-data (`#cloud-config` YAML, a `#!` script, …), merged after the users above. Put secrets in `userDataFile` instead: inline text is stored in the applied spec."},"userDataFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"A host file holding user-data (secrets belong here); read at apply time, never shown by show or plan.","examples":["/etc/tshyve/secrets/web-user-data"]},"networkConfig":{"type":"object","description":"Network configuration version 2 (netplan syntax) as YAML; default: DHCP on every NIC, matched by MAC."},"metaData":{"type":"object","maxProperties":64,"additionalProperties":{"type":["string","number","boolean"]},"description":"Extra meta-data keys (instance-id and local-hostname are tshyve's)."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"BridgeNat":{"title":"BridgeNat","type":"object","additionalProperties":false,"description":"Outbound NAT (masquerade) for a bridge's subnet.","properties":{"uplinks":{"type":"array","uniqueItems":true,"minItems":1,"items":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"description":"Host interfaces to masquerade out of. Default: the interface of the host's default route."}}},"BridgeDhcp":{"title":"BridgeDhcp","type":"object","additionalProperties":false,"description":"The DHCP service of a bridge.","properties":{"range":{"type":"string","pattern":"^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$","x-message":"expected an address range such as 10.20.0.100-10.20.0.199","description":"Dynamic addresses handed out to unknown clients, `first-last` inside the bridge's subnet. Default: the upper half of the subnet.","examples":["10.20.0.100-10.20.0.199"]},"leaseTime":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","examples":["30m","12h"],"description":"Lease duration. Default 1h."},"dns":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10"},"description":"DNS servers announced to guests. Default: the bridge's own address (dnsmasq forwards to the host's resolvers)."}}},"PortForward":{"title":"PortForward","type":"object","additionalProperties":false,"description":"One host port forwarded to a guest port.","properties":{"host":{"type":"integer","minimum":1,"maximum":65535,"description":"Host port."},"guest":{"type":"integer","minimum":1,"maximum":65535,"description":"Guest port."},"protocol":{"enum":["tcp","udp"],"default":"tcp","description":"Transport protocol."},"address":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10","description":"Host address the forward listens on. Default 127.0.0.1."}},"required":["host","guest"]}}};
const schema12 = {"type":"object","description":"A VirtualMachine document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"VirtualMachine","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A guest, as bhyve(8) runs it.","additionalProperties":false,"properties":{"cpus":{"type":["integer","object"],"minimum":1,"maximum":255,"x-message":"expected a vCPU count (1-255) or { count, sockets, cores, threads }","description":"vCPUs: a count, or a topology whose product equals the count (bhyve -c).","additionalProperties":false,"properties":{"count":{"type":"integer","minimum":1,"maximum":255,"description":"Number of vCPUs; default sockets × cores × threads."},"sockets":{"type":"integer","minimum":1,"maximum":255,"default":1},"cores":{"type":"integer","minimum":1,"maximum":255,"default":1},"threads":{"type":"integer","minimum":1,"maximum":255,"default":1}},"examples":[2,{"sockets":1,"cores":2,"threads":1}]},"cpuPinning":{"type":"array","description":"Pin vCPUs to host CPUs (bhyve -p vcpu:hostcpu).","items":{"type":"object","description":"One pinning.","additionalProperties":false,"properties":{"vcpu":{"type":"integer","minimum":0,"maximum":255},"hostCpu":{"type":"integer","minimum":0,"maximum":4095}},"required":["vcpu","hostCpu"]}},"memory":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 512MiB or 2G","description":"Guest memory (bhyve -m). A size with a unit: IEC (KiB, MiB, GiB, TiB) or bhyve-style single letters (K, M, G, T; case-insensitive, binary multiples). A bare number is rejected.","examples":["512MiB","2G","16GiB"]},"wiredMemory":{"type":"boolean","description":"Wire guest memory (bhyve -S)."},"firmware":{"type":["string","object"],"pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected the name of a Firmware resource or an inline { linux } / { bootrom } / { bhyveload }","additionalProperties":false,"properties":{"linux":{"$ref":"#/definitions/LinuxFirmware"},"bootrom":{"$ref":"#/definitions/BootromFirmware"},"bhyveload":{"$ref":"#/definitions/BhyveloadFirmware"}},"description":"The name of a Firmware resource, or an inline firmware."},"disks":{"type":"array","maxItems":64,"items":{"$ref":"#/definitions/Disk"},"description":"Disks in guest order."},"nics":{"type":"array","maxItems":32,"items":{"$ref":"#/definitions/Nic"},"description":"Network interfaces."},"serial":{"type":"object","description":"Serial ports com1–com4 on the LPC bridge.","additionalProperties":false,"properties":{"com1":{"$ref":"#/definitions/SerialPort"},"com2":{"$ref":"#/definitions/SerialPort"},"com3":{"$ref":"#/definitions/SerialPort"},"com4":{"$ref":"#/definitions/SerialPort"}}},"rng":{"type":["boolean","object"],"additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"description":"virtio-rnd entropy device (true, or { slot })."},"consoles":{"type":"array","maxItems":16,"description":"virtio-console ports, each on a unix socket (bhyve `virtio-console,port1=/path.sock`).","items":{"type":"object","description":"A console port.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,63}$"},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Socket path; default in the state directory.","examples":["/var/lib/tshyve/images/web.img"]}},"required":["name"]}},"consoleSlot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"framebuffer":{"type":"object","description":"A VNC framebuffer (bhyve `fbuf`).","additionalProperties":false,"properties":{"listen":{"type":"string","pattern":"^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$","description":"Address[:port] to listen on (bhyve `tcp=`).","examples":["127.0.0.1:5900","[::]:5900"]},"width":{"type":"integer","minimum":640,"maximum":1920,"default":1024,"description":"Width in pixels, 640-1920 (bhyve `w=`)."},"height":{"type":"integer","minimum":480,"maximum":1200,"default":768,"description":"Height in pixels, 480-1200 (bhyve `h=`)."},"vga":{"enum":["on","io","off"],"description":"VGA mode (bhyve `vga=`)."},"wait":{"type":"boolean","description":"Wait for a VNC client before booting (bhyve `wait`)."},"passwordFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"File holding the VNC password (never inline in the spec).","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"tablet":{"type":["boolean","object"],"additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"description":"xhci USB tablet for absolute pointer input (bhyve `xhci,tablet`)."},"shares":{"type":"array","maxItems":16,"items":{"$ref":"#/definitions/Share"},"description":"virtio-9p shares."},"passthrough":{"type":"array","maxItems":8,"description":"PCI passthrough devices (bhyve `passthru,bus/slot/function`).","items":{"type":"object","description":"A host PCI device.","additionalProperties":false,"properties":{"host":{"type":"string","pattern":"^[0-9]{1,3}/[0-9]{1,2}/[0-9]$","x-message":"expected a host PCI address bus/slot/function such as 2/0/0","description":"Host bus/slot/function."},"rom":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"required":["host"]}},"sound":{"type":"object","description":"hda sound device (bhyve `hda,play=…,rec=…`).","additionalProperties":false,"properties":{"play":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"record":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"hostbridge":{"type":"object","description":"The host bridge (bhyve `hostbridge` or `amd_hostbridge`).","additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"amd":{"type":"boolean","description":"Emulate an AMD host bridge."}}},"lpc":{"type":"object","description":"The LPC bridge; com ports and the bootrom sit behind it. Must be on bus 0.","additionalProperties":false,"properties":{"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}},"testDevice":{"type":"boolean","description":"bhyve pc-testdev on the LPC bridge."},"acpi":{"type":"boolean","description":"Generate ACPI tables (bhyve -A). Default true."},"hpet":{"type":"boolean","description":"HPET timer block (IA-PC HPET 1.0a) at 0xfed00000 with its ACPI table, on the KVM backend. Default true. The bhyve target ignores it: bhyve always emulates an HPET."},"x2apic":{"type":"boolean","description":"Local APIC in x2APIC mode (bhyve -x)."},"yieldOnHlt":{"type":"boolean","description":"Yield the vCPU thread on HLT (bhyve -H). Default true."},"exitOnPause":{"type":"boolean","description":"Exit on PAUSE (bhyve -P)."},"rtcUtc":{"type":"boolean","description":"RTC keeps UTC (bhyve -u)."},"uuid":{"type":"string","pattern":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$","x-message":"expected a UUID such as 6a1f5f8e-3c2d-4b7a-9e10-2f3a4b5c6d7e","description":"System UUID (bhyve -U)."},"ignoreUnimplementedMsrs":{"type":"boolean","description":"Ignore accesses to unimplemented MSRs (bhyve -w)."},"destroyOnPoweroff":{"type":"boolean","description":"Destroy the VM on guest poweroff (bhyve -D)."},"exitOnUnemulatedIo":{"type":"boolean","description":"Exit on access to an unemulated I/O port (bhyve -e; debugging)."},"coreDumpGuestMemory":{"type":"boolean","description":"Include guest memory in core dumps (bhyve -C)."},"disableMptable":{"type":"boolean","description":"Do not generate MP tables (bhyve -Y)."},"forceMsi":{"type":"boolean","description":"Force MSI interrupts rather than MSI-X (bhyve -W)."},"gdb":{"type":"object","description":"GDB remote debug server (bhyve -G).","additionalProperties":false,"properties":{"port":{"type":"integer","minimum":1,"maximum":65535,"description":"TCP port the debug server listens on."},"waitForAttach":{"type":"boolean","description":"Pause at the first instruction until a debugger attaches (`w` prefix)."},"address":{"type":"string","pattern":"^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$","x-message":"expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1","default":"127.0.0.1","description":"Address the debug server listens on (bhyve -G `bind:` prefix). Default 127.0.0.1: only this host can attach; the protocol has no authentication."}},"required":["port"]},"run":{"enum":["Always","OnFailure","Once","Halted"],"description":"Whether the VM should be running, checked by apply and the watch agent whenever its process is not running (like KubeVirt's runStrategy). Always (default): started whenever it is not running, whatever stopped it, unless `tshyve stop` holds it down. OnFailure: started again only after a triple fault (3), an error (4) or a dead VM process. Once: started when first declared (and again after its machine spec changes); once its process ends it stays down. Halted: never started; a running one is stopped. The restart policy still decides what the VM process does after each guest exit.","examples":["Always","Once"]},"restartPolicy":{"type":"object","description":"What to do when the guest exits, keyed on bhyve's exit status.","additionalProperties":false,"properties":{"onReboot":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 0 (reboot). Default restart."},"onPoweroff":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 1 (poweroff). Default stop."},"onHalt":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 2 (halt). Default stop."},"onTripleFault":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 3 (triple fault). Default restartWithBackoff."},"onError":{"enum":["restart","restartWithBackoff","stop"],"description":"On exit status 4 (error). Default restartWithBackoff."},"backoffInitial":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"First backoff delay. Default 1s.","examples":["30s","5m","1h30m"]},"backoffMax":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Largest backoff delay. Default 5m.","examples":["30s","5m","1h30m"]},"crashLoopRestarts":{"type":"integer","minimum":1,"maximum":1000,"description":"Restarts within crashLoopWindow that make a crash loop (reported). Default 5."},"crashLoopWindow":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Window for crash-loop detection. Default 10m.","examples":["30s","5m","1h30m"]}}},"autostart":{"type":"object","description":"Start at boot (by the agent) and in apply.","additionalProperties":false,"properties":{"enabled":{"type":"boolean","description":"Start this VM automatically. Default true."},"order":{"type":"integer","minimum":0,"maximum":100000,"description":"Lower starts first. Default 100."},"delay":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"Wait this long after starting this VM before the next one.","examples":["30s","5m","1h30m"]},"after":{"type":"array","uniqueItems":true,"items":{"oneOf":[{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"A resource name: lower-case letters, digits and dashes, at most 63 characters, starting and ending alphanumeric.","examples":["web","br-lan"]},{"type":"object","additionalProperties":false,"description":"Start after this VM is ready: its process runs, it holds a DHCP lease, its SSH port answers, or its com1 printed a match.","properties":{"vm":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"The VirtualMachine to wait for.","examples":["web","br-lan"]},"ready":{"type":"string","pattern":"^(running|address|ssh|serial:.+)$","x-message":"expected running, address, ssh or serial:REGEX","description":"running: its process runs the guest; address: it holds a DHCP lease; ssh: its SSH port answers with an SSH-2.0- banner; serial:REGEX: its com1 output matches REGEX (output since it was started here).","examples":["ssh","serial:login:"]},"timeout":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"How long to wait for it. Default 2m. Past it the dependent starts anyway and the dependency is reported as not ready.","examples":["2m"]}},"required":["vm","ready"]}]},"description":"VirtualMachines that must be started first: a name, or `{ vm: NAME, ready: running|address|ssh|serial:REGEX }` to wait until it is ready."},"onHostShutdown":{"enum":["stop","suspend"],"description":"What stopping the agent (its systemd unit's stop, at host shutdown) does to this VM. stop (default): nothing, the VM process is left to the host's shutdown. suspend: the agent snapshots the VM (as `tshyve snapshot --stop`) and, at its next start, resumes it from the snapshot instead of booting it (a snapshot that cannot be restored falls back to a cold boot, with the reason in status)."}}},"stopTimeout":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","description":"How long an ACPI shutdown may take before the VM is stopped by force. Default 60s.","examples":["30s","5m","1h30m"]},"restoreFrom":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Start the VM from this snapshot file (`tshyve snapshot`) instead of booting it (bhyve -r). A second start from the same snapshot is refused while the VM has a writable disk that is not a clone of a VolumeSnapshot.","examples":["/var/lib/tshyve/snapshots/web.snapshot"]},"placement":{"$ref":"#/definitions/Placement"},"cloudInit":{"$ref":"#/definitions/CloudInit"}},"required":["cpus","memory","firmware"]}},"required":["apiVersion","kind","metadata","spec"]};
const schema13 = {"title":"ObjectMeta","type":"object","description":"Identity of the resource.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"A resource name: lower-case letters, digits and dashes, at most 63 characters, starting and ending alphanumeric.","examples":["web","br-lan"]},"labels":{"type":"object","description":"Key/value strings.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}},"annotations":{"type":"object","description":"Free-form notes; not interpreted.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}}},"required":["name"]};
const schema14 = {"title":"LinuxFirmware","type":"object","description":"Boot a Linux kernel directly (bzImage through the boot protocol, or an ELF vmlinux through its PVH entry).","additionalProperties":false,"properties":{"kernel":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Kernel image: a bzImage or an uncompressed ELF vmlinux with a PVH note.","examples":["/var/lib/tshyve/images/web.img"]},"initrd":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Optional initial ramdisk.","examples":["/var/lib/tshyve/images/web.img"]},"cmdline":{"type":"string","maxLength":2047,"description":"Kernel command line.","examples":["console=ttyS0 root=/dev/vda1 ro"],"pattern":"^[^\u0000\r\n]*$","x-message":"expected one line (no NUL, CR or LF)"}},"required":["kernel"]};
const schema15 = {"title":"BootromFirmware","type":"object","description":"Boot a firmware ROM image mapped below 4 GiB, as bhyve -l bootrom,romfile[,varfile].","additionalProperties":false,"properties":{"image":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"ROM image, e.g. SeaBIOS bios-256k.bin, BHYVE_UEFI.fd or OVMF.fd.","examples":["/usr/share/seabios/bios-256k.bin"]},"varsTemplate":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"UEFI variables template; copied once per VM into the state directory and used read-write.","examples":["/var/lib/tshyve/images/web.img"]}},"required":["image"]};
const schema16 = {"title":"BhyveloadFirmware","type":"object","description":"Load a FreeBSD guest with bhyveload(8) before each bhyve run (the FreeBSD handbook's two-step boot, as vmrun.sh does): the FreeBSD loader reads the boot disk, loads the kernel into the VM and exits. bhyve target only.","additionalProperties":false,"properties":{"bootDisk":{"type":"integer","minimum":0,"maximum":63,"description":"Index in the VM's `disks` of the disk the loader reads (bhyveload -d); default 0, the first disk.","examples":[0,1]},"loaderEnv":{"type":"object","description":"FreeBSD loader environment variables (bhyveload -e name=value), in order.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_.]{0,127}$","x-message":"expected a loader variable name: letters, digits, `_` and `.`, no `=`"},"examples":[{"boot_verbose":"YES","vfs.root.mountfrom":"ufs:/dev/vtbd0p2"}]},"consoleDevice":{"type":"string","minLength":1,"maxLength":4096,"pattern":"^(stdio|/[^\u0000\r\n]*)$","x-message":"expected `stdio` or an absolute device path such as /dev/nmdm0A","description":"The loader's console (bhyveload -c): `stdio` or a tty such as /dev/nmdm0A. Default: com1's tty or null modem when com1 has one, else bhyveload's own terminal.","examples":["stdio","/dev/nmdm0A"]},"hostBase":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Host directory the loader sees as host0: (bhyveload -h).","examples":["/usr/obj/usr/src/amd64.amd64/sys/GENERIC"]},"osLoader":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"The loader library (bhyveload -l); default /boot/userboot.so.","examples":["/boot/userboot.so"]}}};
const schema25 = {"title":"SerialPort","type":"object","description":"A serial port, as bhyve -l comN,…","additionalProperties":false,"properties":{"mode":{"enum":["stdio","log","socket","tty","off"],"description":"stdio: the terminal of `tshyve run`; log: append to a file; socket: a unix socket in the state directory (what `tshyve console` attaches to); tty: a host tty such as /dev/nmdm0A."},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Log file (mode log), socket path (mode socket; default in the state directory) or tty device (mode tty).","examples":["/var/lib/tshyve/images/web.img"]}},"required":["mode"]};
const schema29 = {"title":"Share","type":"object","description":"A virtio-9p share (bhyve `virtio-9p,sharename=/path`).","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,31}$","description":"Share (mount) tag."},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"readOnly":{"type":"boolean","description":"Export read-only (`ro`)."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}},"required":["name","path"]};
const schema30 = {"title":"Placement","type":"object","description":"Which hosts reconcile this resource (the watch agent's --host). Absent: every host.","additionalProperties":false,"properties":{"hosts":{"type":"array","items":{"type":"string","minLength":1,"maxLength":253},"uniqueItems":true,"description":"Host names this resource belongs to."},"hostSelector":{"type":"object","description":"Labels a host must carry (agent --host-label k=v) for this resource to apply there.","additionalProperties":{"type":"string","maxLength":1024},"propertyNames":{"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"}}}};
const pattern0 = new RegExp("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "u");
const pattern1 = new RegExp("^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$", "u");
const pattern3 = new RegExp("^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$", "u");
const pattern5 = new RegExp("^/[^\u0000\r\n]*$", "u");
const pattern7 = new RegExp("^[^\u0000\r\n]*$", "u");
const pattern10 = new RegExp("^[A-Za-z_][A-Za-z0-9_.]{0,127}$", "u");
const pattern11 = new RegExp("^(stdio|/[^\u0000\r\n]*)$", "u");
const pattern16 = new RegExp("^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$", "u");
const pattern37 = new RegExp("^[A-Za-z0-9_.-]{1,63}$", "u");
const pattern40 = new RegExp("^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$", "u");
const pattern44 = new RegExp("^[A-Za-z0-9_.-]{1,31}$", "u");
const pattern47 = new RegExp("^[0-9]{1,3}/[0-9]{1,2}/[0-9]$", "u");
const pattern55 = new RegExp("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", "u");
const pattern56 = new RegExp("^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$", "u");
const pattern57 = new RegExp("^([0-9]+(ms|s|m|h))+$", "u");
const pattern63 = new RegExp("^(running|address|ssh|serial:.+)$", "u");
const func2 = require("ajv/dist/runtime/ucs2length").default;
const func4 = Object.prototype.hasOwnProperty;
const func0 = require("ajv/dist/runtime/equal").default;
const schema17 = {"title":"Disk","type":"object","description":"A disk: a Volume by name, or a host path (image file, block device, ISO).","additionalProperties":false,"properties":{"volume":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Volume resource.","examples":["web","br-lan"]},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Host file or block device (e.g. an ISO for ahci-cd).","examples":["/var/lib/tshyve/images/web.img"]},"device":{"enum":["virtio-blk","ahci-hd","ahci-cd","nvme","virtio-scsi"],"default":"virtio-blk","description":"Emulated controller. ahci-* disks that share one slot form one multi-port ahci controller."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"options":{"$ref":"#/definitions/DiskOptions"},"limits":{"$ref":"#/definitions/DiskLimits"}}};
const schema18 = {"title":"DiskOptions","type":"object","description":"Device options, as bhyve(8) block-device options.","additionalProperties":false,"properties":{"readOnly":{"type":"boolean","description":"Read-only disk (bhyve `ro`)."},"nocache":{"type":"boolean","description":"Open with O_DIRECT (bhyve `nocache`)."},"direct":{"type":"boolean","description":"Open with O_SYNC (bhyve `direct`)."},"sectorSize":{"type":["string","integer"],"minimum":1,"pattern":"^[0-9]+(/[0-9]+)?$","x-message":"expected logical[/physical] sector sizes such as 512 or 512/4096","description":"Logical[/physical] sector size (bhyve `sectorsize=`).","examples":["512","512/4096"]},"nodelete":{"type":"boolean","description":"Do not advertise discard/TRIM (bhyve `nodelete`)."},"serial":{"type":"string","pattern":"^[\\x20-\\x7e]{1,20}$","description":"Serial number reported to the guest (at most 20 printable ASCII characters; bhyve `ser=`)."},"queues":{"type":"integer","minimum":1,"maximum":16,"description":"Number of request queues (virtio-blk)."},"nvmeMaxQueues":{"type":"integer","minimum":1,"maximum":16,"description":"nvme `maxq=`."},"nvmeQueueSize":{"type":"integer","minimum":2,"maximum":65536,"description":"nvme `qsz=`."},"nvmeIoSlots":{"type":"integer","minimum":1,"maximum":65536,"description":"nvme `ioslots=`."},"nvmeEui64":{"type":"string","pattern":"^(0x)?[0-9a-fA-F]{1,16}$","description":"nvme `eui64=`."},"nvmeDsm":{"enum":["auto","enable","disable"],"description":"nvme `dsm=` (dataset management / TRIM)."},"ahciModel":{"type":"string","maxLength":40,"description":"ahci `model=`."},"ahciRevision":{"type":"string","maxLength":8,"description":"ahci `rev=`."},"ahciRotation":{"type":"integer","minimum":0,"maximum":65535,"description":"ahci `nmrr=` (nominal media rotation rate; 1 = SSD)."}}};
const schema19 = {"title":"DiskLimits","type":"object","description":"I/O rate limits of one disk, as Firecracker's token buckets: a bucket holds up to its burst and refills continuously at the rate; a request waits in the virtqueue (never failed or dropped) until every bucket it needs holds enough. A request larger than the bucket goes once the bucket is full and is paid back before the next. On the bhyve target the limits of all disks of a VM add up to rctl(8) rules on its bhyve process.","additionalProperties":false,"properties":{"bandwidth":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size per second with a unit such as 50MiB or 10M","description":"Bytes per second read plus written (data only), a size with a unit: `50MiB` is 50 MiB/s.","examples":["50MiB","200M"]},"iops":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Requests per second (reads, writes, flushes, discards: every request counts one)."},"bandwidthBurst":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 100MiB or 64M","description":"Bucket size of `bandwidth` in bytes: how much may go at once after an idle spell. Default: one second's worth.","examples":["100MiB"]},"iopsBurst":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Bucket size of `iops` in requests. Default: one second's worth."}}};
const pattern17 = new RegExp("^[0-9]+(/[0-9]+)?$", "u");
const pattern18 = new RegExp("^[\\x20-\\x7e]{1,20}$", "u");
const pattern19 = new RegExp("^(0x)?[0-9a-fA-F]{1,16}$", "u");

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "volume") || (key0 === "path")) || (key0 === "device")) || (key0 === "slot")) || (key0 === "options")) || (key0 === "limits"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.volume !== undefined){
let data0 = data.volume;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err1 = {instancePath:instancePath+"/volume",schemaPath:"#/properties/volume/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema17.properties.volume,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/volume",schemaPath:"#/properties/volume/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.volume.type,parentSchema:schema17.properties.volume,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.path !== undefined){
let data1 = data.path;
if(typeof data1 === "string"){
if(func2(data1) > 4096){
const err3 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema17.properties.path,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(func2(data1) < 2){
const err4 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema17.properties.path,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!pattern5.test(data1)){
const err5 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema17.properties.path,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.path.type,parentSchema:schema17.properties.path,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.device !== undefined){
let data2 = data.device;
if(!(((((data2 === "virtio-blk") || (data2 === "ahci-hd")) || (data2 === "ahci-cd")) || (data2 === "nvme")) || (data2 === "virtio-scsi"))){
const err7 = {instancePath:instancePath+"/device",schemaPath:"#/properties/device/enum",keyword:"enum",params:{allowedValues: schema17.properties.device.enum},message:"must be equal to one of the allowed values",schema:schema17.properties.device.enum,parentSchema:schema17.properties.device,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.slot !== undefined){
let data3 = data.slot;
if(typeof data3 === "string"){
if(!pattern16.test(data3)){
const err8 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema17.properties.slot,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.properties.slot.type,parentSchema:schema17.properties.slot,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.options !== undefined){
let data4 = data.options;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 in data4){
if(!(func4.call(schema18.properties, key1))){
const err10 = {instancePath:instancePath+"/options",schemaPath:"#/definitions/DiskOptions/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema18,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data4.readOnly !== undefined){
let data5 = data4.readOnly;
if(typeof data5 !== "boolean"){
const err11 = {instancePath:instancePath+"/options/readOnly",schemaPath:"#/definitions/DiskOptions/properties/readOnly/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema18.properties.readOnly.type,parentSchema:schema18.properties.readOnly,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data4.nocache !== undefined){
let data6 = data4.nocache;
if(typeof data6 !== "boolean"){
const err12 = {instancePath:instancePath+"/options/nocache",schemaPath:"#/definitions/DiskOptions/properties/nocache/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema18.properties.nocache.type,parentSchema:schema18.properties.nocache,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data4.direct !== undefined){
let data7 = data4.direct;
if(typeof data7 !== "boolean"){
const err13 = {instancePath:instancePath+"/options/direct",schemaPath:"#/definitions/DiskOptions/properties/direct/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema18.properties.direct.type,parentSchema:schema18.properties.direct,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data4.sectorSize !== undefined){
let data8 = data4.sectorSize;
if((typeof data8 !== "string") && (!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8))))){
const err14 = {instancePath:instancePath+"/options/sectorSize",schemaPath:"#/definitions/DiskOptions/properties/sectorSize/type",keyword:"type",params:{type: schema18.properties.sectorSize.type},message:"must be string,integer",schema:schema18.properties.sectorSize.type,parentSchema:schema18.properties.sectorSize,data:data8};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 < 1 || isNaN(data8)){
const err15 = {instancePath:instancePath+"/options/sectorSize",schemaPath:"#/definitions/DiskOptions/properties/sectorSize/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema18.properties.sectorSize,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(typeof data8 === "string"){
if(!pattern17.test(data8)){
const err16 = {instancePath:instancePath+"/options/sectorSize",schemaPath:"#/definitions/DiskOptions/properties/sectorSize/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(/[0-9]+)?$"},message:"must match pattern \""+"^[0-9]+(/[0-9]+)?$"+"\"",schema:"^[0-9]+(/[0-9]+)?$",parentSchema:schema18.properties.sectorSize,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data4.nodelete !== undefined){
let data9 = data4.nodelete;
if(typeof data9 !== "boolean"){
const err17 = {instancePath:instancePath+"/options/nodelete",schemaPath:"#/definitions/DiskOptions/properties/nodelete/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema18.properties.nodelete.type,parentSchema:schema18.properties.nodelete,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data4.serial !== undefined){
let data10 = data4.serial;
if(typeof data10 === "string"){
if(!pattern18.test(data10)){
const err18 = {instancePath:instancePath+"/options/serial",schemaPath:"#/definitions/DiskOptions/properties/serial/pattern",keyword:"pattern",params:{pattern: "^[\\x20-\\x7e]{1,20}$"},message:"must match pattern \""+"^[\\x20-\\x7e]{1,20}$"+"\"",schema:"^[\\x20-\\x7e]{1,20}$",parentSchema:schema18.properties.serial,data:data10};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/options/serial",schemaPath:"#/definitions/DiskOptions/properties/serial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.serial.type,parentSchema:schema18.properties.serial,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data4.queues !== undefined){
let data11 = data4.queues;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err20 = {instancePath:instancePath+"/options/queues",schemaPath:"#/definitions/DiskOptions/properties/queues/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.properties.queues.type,parentSchema:schema18.properties.queues,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 16 || isNaN(data11)){
const err21 = {instancePath:instancePath+"/options/queues",schemaPath:"#/definitions/DiskOptions/properties/queues/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16},message:"must be <= 16",schema:16,parentSchema:schema18.properties.queues,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err22 = {instancePath:instancePath+"/options/queues",schemaPath:"#/definitions/DiskOptions/properties/queues/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema18.properties.queues,data:data11};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
if(data4.nvmeMaxQueues !== undefined){
let data12 = data4.nvmeMaxQueues;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err23 = {instancePath:instancePath+"/options/nvmeMaxQueues",schemaPath:"#/definitions/DiskOptions/properties/nvmeMaxQueues/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.properties.nvmeMaxQueues.type,parentSchema:schema18.properties.nvmeMaxQueues,data:data12};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 16 || isNaN(data12)){
const err24 = {instancePath:instancePath+"/options/nvmeMaxQueues",schemaPath:"#/definitions/DiskOptions/properties/nvmeMaxQueues/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16},message:"must be <= 16",schema:16,parentSchema:schema18.properties.nvmeMaxQueues,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data12 < 1 || isNaN(data12)){
const err25 = {instancePath:instancePath+"/options/nvmeMaxQueues",schemaPath:"#/definitions/DiskOptions/properties/nvmeMaxQueues/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema18.properties.nvmeMaxQueues,data:data12};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
if(data4.nvmeQueueSize !== undefined){
let data13 = data4.nvmeQueueSize;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err26 = {instancePath:instancePath+"/options/nvmeQueueSize",schemaPath:"#/definitions/DiskOptions/properties/nvmeQueueSize/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.properties.nvmeQueueSize.type,parentSchema:schema18.properties.nvmeQueueSize,data:data13};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 65536 || isNaN(data13)){
const err27 = {instancePath:instancePath+"/options/nvmeQueueSize",schemaPath:"#/definitions/DiskOptions/properties/nvmeQueueSize/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65536},message:"must be <= 65536",schema:65536,parentSchema:schema18.properties.nvmeQueueSize,data:data13};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data13 < 2 || isNaN(data13)){
const err28 = {instancePath:instancePath+"/options/nvmeQueueSize",schemaPath:"#/definitions/DiskOptions/properties/nvmeQueueSize/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema18.properties.nvmeQueueSize,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
if(data4.nvmeIoSlots !== undefined){
let data14 = data4.nvmeIoSlots;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err29 = {instancePath:instancePath+"/options/nvmeIoSlots",schemaPath:"#/definitions/DiskOptions/properties/nvmeIoSlots/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.properties.nvmeIoSlots.type,parentSchema:schema18.properties.nvmeIoSlots,data:data14};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 65536 || isNaN(data14)){
const err30 = {instancePath:instancePath+"/options/nvmeIoSlots",schemaPath:"#/definitions/DiskOptions/properties/nvmeIoSlots/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65536},message:"must be <= 65536",schema:65536,parentSchema:schema18.properties.nvmeIoSlots,data:data14};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data14 < 1 || isNaN(data14)){
const err31 = {instancePath:instancePath+"/options/nvmeIoSlots",schemaPath:"#/definitions/DiskOptions/properties/nvmeIoSlots/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema18.properties.nvmeIoSlots,data:data14};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data4.nvmeEui64 !== undefined){
let data15 = data4.nvmeEui64;
if(typeof data15 === "string"){
if(!pattern19.test(data15)){
const err32 = {instancePath:instancePath+"/options/nvmeEui64",schemaPath:"#/definitions/DiskOptions/properties/nvmeEui64/pattern",keyword:"pattern",params:{pattern: "^(0x)?[0-9a-fA-F]{1,16}$"},message:"must match pattern \""+"^(0x)?[0-9a-fA-F]{1,16}$"+"\"",schema:"^(0x)?[0-9a-fA-F]{1,16}$",parentSchema:schema18.properties.nvmeEui64,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/options/nvmeEui64",schemaPath:"#/definitions/DiskOptions/properties/nvmeEui64/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.nvmeEui64.type,parentSchema:schema18.properties.nvmeEui64,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data4.nvmeDsm !== undefined){
let data16 = data4.nvmeDsm;
if(!(((data16 === "auto") || (data16 === "enable")) || (data16 === "disable"))){
const err34 = {instancePath:instancePath+"/options/nvmeDsm",schemaPath:"#/definitions/DiskOptions/properties/nvmeDsm/enum",keyword:"enum",params:{allowedValues: schema18.properties.nvmeDsm.enum},message:"must be equal to one of the allowed values",schema:schema18.properties.nvmeDsm.enum,parentSchema:schema18.properties.nvmeDsm,data:data16};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data4.ahciModel !== undefined){
let data17 = data4.ahciModel;
if(typeof data17 === "string"){
if(func2(data17) > 40){
const err35 = {instancePath:instancePath+"/options/ahciModel",schemaPath:"#/definitions/DiskOptions/properties/ahciModel/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters",schema:40,parentSchema:schema18.properties.ahciModel,data:data17};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/options/ahciModel",schemaPath:"#/definitions/DiskOptions/properties/ahciModel/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.ahciModel.type,parentSchema:schema18.properties.ahciModel,data:data17};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data4.ahciRevision !== undefined){
let data18 = data4.ahciRevision;
if(typeof data18 === "string"){
if(func2(data18) > 8){
const err37 = {instancePath:instancePath+"/options/ahciRevision",schemaPath:"#/definitions/DiskOptions/properties/ahciRevision/maxLength",keyword:"maxLength",params:{limit: 8},message:"must NOT have more than 8 characters",schema:8,parentSchema:schema18.properties.ahciRevision,data:data18};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/options/ahciRevision",schemaPath:"#/definitions/DiskOptions/properties/ahciRevision/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.ahciRevision.type,parentSchema:schema18.properties.ahciRevision,data:data18};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data4.ahciRotation !== undefined){
let data19 = data4.ahciRotation;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err39 = {instancePath:instancePath+"/options/ahciRotation",schemaPath:"#/definitions/DiskOptions/properties/ahciRotation/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.properties.ahciRotation.type,parentSchema:schema18.properties.ahciRotation,data:data19};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 65535 || isNaN(data19)){
const err40 = {instancePath:instancePath+"/options/ahciRotation",schemaPath:"#/definitions/DiskOptions/properties/ahciRotation/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema18.properties.ahciRotation,data:data19};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(data19 < 0 || isNaN(data19)){
const err41 = {instancePath:instancePath+"/options/ahciRotation",schemaPath:"#/definitions/DiskOptions/properties/ahciRotation/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema18.properties.ahciRotation,data:data19};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
}
else {
const err42 = {instancePath:instancePath+"/options",schemaPath:"#/definitions/DiskOptions/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data4};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.limits !== undefined){
let data20 = data.limits;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key2 in data20){
if(!((((key2 === "bandwidth") || (key2 === "iops")) || (key2 === "bandwidthBurst")) || (key2 === "iopsBurst"))){
const err43 = {instancePath:instancePath+"/limits",schemaPath:"#/definitions/DiskLimits/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema19,data:data20};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data20.bandwidth !== undefined){
let data21 = data20.bandwidth;
if(typeof data21 === "string"){
if(!pattern3.test(data21)){
const err44 = {instancePath:instancePath+"/limits/bandwidth",schemaPath:"#/definitions/DiskLimits/properties/bandwidth/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema19.properties.bandwidth,data:data21};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/limits/bandwidth",schemaPath:"#/definitions/DiskLimits/properties/bandwidth/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.bandwidth.type,parentSchema:schema19.properties.bandwidth,data:data21};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data20.iops !== undefined){
let data22 = data20.iops;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err46 = {instancePath:instancePath+"/limits/iops",schemaPath:"#/definitions/DiskLimits/properties/iops/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.iops.type,parentSchema:schema19.properties.iops,data:data22};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 1000000000 || isNaN(data22)){
const err47 = {instancePath:instancePath+"/limits/iops",schemaPath:"#/definitions/DiskLimits/properties/iops/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema19.properties.iops,data:data22};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err48 = {instancePath:instancePath+"/limits/iops",schemaPath:"#/definitions/DiskLimits/properties/iops/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.iops,data:data22};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
if(data20.bandwidthBurst !== undefined){
let data23 = data20.bandwidthBurst;
if(typeof data23 === "string"){
if(!pattern3.test(data23)){
const err49 = {instancePath:instancePath+"/limits/bandwidthBurst",schemaPath:"#/definitions/DiskLimits/properties/bandwidthBurst/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema19.properties.bandwidthBurst,data:data23};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/limits/bandwidthBurst",schemaPath:"#/definitions/DiskLimits/properties/bandwidthBurst/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.bandwidthBurst.type,parentSchema:schema19.properties.bandwidthBurst,data:data23};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data20.iopsBurst !== undefined){
let data24 = data20.iopsBurst;
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err51 = {instancePath:instancePath+"/limits/iopsBurst",schemaPath:"#/definitions/DiskLimits/properties/iopsBurst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.iopsBurst.type,parentSchema:schema19.properties.iopsBurst,data:data24};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 1000000000 || isNaN(data24)){
const err52 = {instancePath:instancePath+"/limits/iopsBurst",schemaPath:"#/definitions/DiskLimits/properties/iopsBurst/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema19.properties.iopsBurst,data:data24};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(data24 < 1 || isNaN(data24)){
const err53 = {instancePath:instancePath+"/limits/iopsBurst",schemaPath:"#/definitions/DiskLimits/properties/iopsBurst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.iopsBurst,data:data24};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
}
else {
const err54 = {instancePath:instancePath+"/limits",schemaPath:"#/definitions/DiskLimits/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.type,parentSchema:schema19,data:data20};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema17.type,parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

const schema20 = {"title":"Nic","type":"object","description":"A network interface on a Tap (by resource name) or on a Bridge (a tap is generated and owned for it).","additionalProperties":false,"properties":{"tap":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Tap resource.","examples":["web","br-lan"]},"bridge":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a Bridge resource; tshyve generates a tap for this NIC.","examples":["web","br-lan"]},"device":{"enum":["virtio-net","e1000"],"default":"virtio-net","description":"Emulated NIC."},"mac":{"type":"string","pattern":"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$","x-message":"expected a MAC address such as 00:be:fa:76:45:00","description":"Guest MAC address. Default: derived as bhyve does (OUI 58:9c:fc, the rest from a hash of slot, function and VM name).","examples":["00:be:fa:76:45:00"]},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU advertised to the guest (virtio-net `mtu=`)."},"bootRom":{"type":"boolean","description":"Expose iPXE's virtio option ROM (Debian ipxe-qemu, efi-virtio.rom or pxe-virtio.rom) in this NIC's PCI expansion ROM BAR so firmware can network-boot from it (QEMU romfile). Default false."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]},"address":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10","description":"Pin this NIC's IPv4 address: the static DHCP lease its bridge's dnsmasq hands to its MAC. Default: a stable address derived from the MAC, inside the bridge's subnet and outside `dhcp.range`."},"ports":{"type":"array","items":{"$ref":"#/definitions/PortForward"},"description":"Host ports forwarded to this NIC's address (nftables DNAT in table `inet tshyve`). Needs a NIC on a bridge with `dhcp`."},"limits":{"$ref":"#/definitions/NicLimits"}}};
const schema21 = {"title":"PortForward","type":"object","additionalProperties":false,"description":"One host port forwarded to a guest port.","properties":{"host":{"type":"integer","minimum":1,"maximum":65535,"description":"Host port."},"guest":{"type":"integer","minimum":1,"maximum":65535,"description":"Guest port."},"protocol":{"enum":["tcp","udp"],"default":"tcp","description":"Transport protocol."},"address":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10","description":"Host address the forward listens on. Default 127.0.0.1."}},"required":["host","guest"]};
const pattern24 = new RegExp("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$", "u");
const pattern26 = new RegExp("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$", "u");
const schema22 = {"title":"NicLimits","type":"object","description":"Rate limits of one NIC, per direction as the guest sees it (Firecracker's rx/tx rate limiters): `rx` is what the guest receives, `tx` what it sends. Set both for a symmetric limit. Not available on the bhyve target (compile warns).","additionalProperties":false,"properties":{"rx":{"$ref":"#/definitions/NicRateLimit"},"tx":{"$ref":"#/definitions/NicRateLimit"}}};
const schema23 = {"title":"NicRateLimit","type":"object","description":"One direction's rate limit: frames beyond it wait (transmit: in the virtqueue; receive: in the tap, whose queue drops what overflows it, as a real link).","additionalProperties":false,"properties":{"bandwidth":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size per second with a unit such as 50MiB or 10M","description":"Frame bytes per second (without the virtio-net header), a size with a unit: `10MiB` is 10 MiB/s.","examples":["10MiB","125M"]},"packets":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Frames per second."},"bandwidthBurst":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 1MiB or 512K","description":"Bucket size of `bandwidth` in bytes. Default: one second's worth.","examples":["1MiB"]},"packetsBurst":{"type":"integer","minimum":1,"maximum":1000000000,"description":"Bucket size of `packets` in frames. Default: one second's worth."}}};

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((key0 === "rx") || (key0 === "tx"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.rx !== undefined){
let data0 = data.rx;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!((((key1 === "bandwidth") || (key1 === "packets")) || (key1 === "bandwidthBurst")) || (key1 === "packetsBurst"))){
const err1 = {instancePath:instancePath+"/rx",schemaPath:"#/definitions/NicRateLimit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.bandwidth !== undefined){
let data1 = data0.bandwidth;
if(typeof data1 === "string"){
if(!pattern3.test(data1)){
const err2 = {instancePath:instancePath+"/rx/bandwidth",schemaPath:"#/definitions/NicRateLimit/properties/bandwidth/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema23.properties.bandwidth,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/rx/bandwidth",schemaPath:"#/definitions/NicRateLimit/properties/bandwidth/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.bandwidth.type,parentSchema:schema23.properties.bandwidth,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data0.packets !== undefined){
let data2 = data0.packets;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err4 = {instancePath:instancePath+"/rx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.packets.type,parentSchema:schema23.properties.packets,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 1000000000 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/rx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema23.properties.packets,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err6 = {instancePath:instancePath+"/rx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.packets,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data0.bandwidthBurst !== undefined){
let data3 = data0.bandwidthBurst;
if(typeof data3 === "string"){
if(!pattern3.test(data3)){
const err7 = {instancePath:instancePath+"/rx/bandwidthBurst",schemaPath:"#/definitions/NicRateLimit/properties/bandwidthBurst/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema23.properties.bandwidthBurst,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/rx/bandwidthBurst",schemaPath:"#/definitions/NicRateLimit/properties/bandwidthBurst/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.bandwidthBurst.type,parentSchema:schema23.properties.bandwidthBurst,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data0.packetsBurst !== undefined){
let data4 = data0.packetsBurst;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err9 = {instancePath:instancePath+"/rx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.packetsBurst.type,parentSchema:schema23.properties.packetsBurst,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 1000000000 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/rx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema23.properties.packetsBurst,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err11 = {instancePath:instancePath+"/rx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.packetsBurst,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
}
else {
const err12 = {instancePath:instancePath+"/rx",schemaPath:"#/definitions/NicRateLimit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data:data0};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.tx !== undefined){
let data5 = data.tx;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
if(!((((key2 === "bandwidth") || (key2 === "packets")) || (key2 === "bandwidthBurst")) || (key2 === "packetsBurst"))){
const err13 = {instancePath:instancePath+"/tx",schemaPath:"#/definitions/NicRateLimit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema23,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data5.bandwidth !== undefined){
let data6 = data5.bandwidth;
if(typeof data6 === "string"){
if(!pattern3.test(data6)){
const err14 = {instancePath:instancePath+"/tx/bandwidth",schemaPath:"#/definitions/NicRateLimit/properties/bandwidth/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema23.properties.bandwidth,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/tx/bandwidth",schemaPath:"#/definitions/NicRateLimit/properties/bandwidth/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.bandwidth.type,parentSchema:schema23.properties.bandwidth,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data5.packets !== undefined){
let data7 = data5.packets;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err16 = {instancePath:instancePath+"/tx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.packets.type,parentSchema:schema23.properties.packets,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 1000000000 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/tx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema23.properties.packets,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err18 = {instancePath:instancePath+"/tx/packets",schemaPath:"#/definitions/NicRateLimit/properties/packets/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.packets,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
if(data5.bandwidthBurst !== undefined){
let data8 = data5.bandwidthBurst;
if(typeof data8 === "string"){
if(!pattern3.test(data8)){
const err19 = {instancePath:instancePath+"/tx/bandwidthBurst",schemaPath:"#/definitions/NicRateLimit/properties/bandwidthBurst/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema23.properties.bandwidthBurst,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/tx/bandwidthBurst",schemaPath:"#/definitions/NicRateLimit/properties/bandwidthBurst/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.properties.bandwidthBurst.type,parentSchema:schema23.properties.bandwidthBurst,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data5.packetsBurst !== undefined){
let data9 = data5.packetsBurst;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err21 = {instancePath:instancePath+"/tx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema23.properties.packetsBurst.type,parentSchema:schema23.properties.packetsBurst,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 1000000000 || isNaN(data9)){
const err22 = {instancePath:instancePath+"/tx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000",schema:1000000000,parentSchema:schema23.properties.packetsBurst,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data9 < 1 || isNaN(data9)){
const err23 = {instancePath:instancePath+"/tx/packetsBurst",schemaPath:"#/definitions/NicRateLimit/properties/packetsBurst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema23.properties.packetsBurst,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
}
else {
const err24 = {instancePath:instancePath+"/tx",schemaPath:"#/definitions/NicRateLimit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema23.type,parentSchema:schema23,data:data5};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema22.type,parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}


function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func4.call(schema20.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.tap !== undefined){
let data0 = data.tap;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err1 = {instancePath:instancePath+"/tap",schemaPath:"#/properties/tap/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema20.properties.tap,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/tap",schemaPath:"#/properties/tap/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.tap.type,parentSchema:schema20.properties.tap,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.bridge !== undefined){
let data1 = data.bridge;
if(typeof data1 === "string"){
if(!pattern0.test(data1)){
const err3 = {instancePath:instancePath+"/bridge",schemaPath:"#/properties/bridge/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema20.properties.bridge,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/bridge",schemaPath:"#/properties/bridge/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.bridge.type,parentSchema:schema20.properties.bridge,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.device !== undefined){
let data2 = data.device;
if(!((data2 === "virtio-net") || (data2 === "e1000"))){
const err5 = {instancePath:instancePath+"/device",schemaPath:"#/properties/device/enum",keyword:"enum",params:{allowedValues: schema20.properties.device.enum},message:"must be equal to one of the allowed values",schema:schema20.properties.device.enum,parentSchema:schema20.properties.device,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.mac !== undefined){
let data3 = data.mac;
if(typeof data3 === "string"){
if(!pattern24.test(data3)){
const err6 = {instancePath:instancePath+"/mac",schemaPath:"#/properties/mac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"},message:"must match pattern \""+"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"+"\"",schema:"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$",parentSchema:schema20.properties.mac,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/mac",schemaPath:"#/properties/mac/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.mac.type,parentSchema:schema20.properties.mac,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.mtu !== undefined){
let data4 = data.mtu;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err8 = {instancePath:instancePath+"/mtu",schemaPath:"#/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema20.properties.mtu.type,parentSchema:schema20.properties.mtu,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 65535 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/mtu",schemaPath:"#/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema20.properties.mtu,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data4 < 68 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/mtu",schemaPath:"#/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68",schema:68,parentSchema:schema20.properties.mtu,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.bootRom !== undefined){
let data5 = data.bootRom;
if(typeof data5 !== "boolean"){
const err11 = {instancePath:instancePath+"/bootRom",schemaPath:"#/properties/bootRom/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema20.properties.bootRom.type,parentSchema:schema20.properties.bootRom,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.slot !== undefined){
let data6 = data.slot;
if(typeof data6 === "string"){
if(!pattern16.test(data6)){
const err12 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema20.properties.slot,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.slot.type,parentSchema:schema20.properties.slot,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.address !== undefined){
let data7 = data.address;
if(typeof data7 === "string"){
if(!pattern26.test(data7)){
const err14 = {instancePath:instancePath+"/address",schemaPath:"#/properties/address/pattern",keyword:"pattern",params:{pattern: "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"},message:"must match pattern \""+"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"+"\"",schema:"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",parentSchema:schema20.properties.address,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/address",schemaPath:"#/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.properties.address.type,parentSchema:schema20.properties.address,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.ports !== undefined){
let data8 = data.ports;
if(Array.isArray(data8)){
const len0 = data8.length;
for(let i0=0; i0<len0; i0++){
let data9 = data8[i0];
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.host === undefined){
const err16 = {instancePath:instancePath+"/ports/" + i0,schemaPath:"#/definitions/PortForward/required",keyword:"required",params:{missingProperty: "host"},message:"must have required property '"+"host"+"'",schema:schema21.required,parentSchema:schema21,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data9.guest === undefined){
const err17 = {instancePath:instancePath+"/ports/" + i0,schemaPath:"#/definitions/PortForward/required",keyword:"required",params:{missingProperty: "guest"},message:"must have required property '"+"guest"+"'",schema:schema21.required,parentSchema:schema21,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
for(const key1 in data9){
if(!((((key1 === "host") || (key1 === "guest")) || (key1 === "protocol")) || (key1 === "address"))){
const err18 = {instancePath:instancePath+"/ports/" + i0,schemaPath:"#/definitions/PortForward/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema21,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data9.host !== undefined){
let data10 = data9.host;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err19 = {instancePath:instancePath+"/ports/" + i0+"/host",schemaPath:"#/definitions/PortForward/properties/host/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema21.properties.host.type,parentSchema:schema21.properties.host,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 65535 || isNaN(data10)){
const err20 = {instancePath:instancePath+"/ports/" + i0+"/host",schemaPath:"#/definitions/PortForward/properties/host/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema21.properties.host,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data10 < 1 || isNaN(data10)){
const err21 = {instancePath:instancePath+"/ports/" + i0+"/host",schemaPath:"#/definitions/PortForward/properties/host/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema21.properties.host,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
if(data9.guest !== undefined){
let data11 = data9.guest;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err22 = {instancePath:instancePath+"/ports/" + i0+"/guest",schemaPath:"#/definitions/PortForward/properties/guest/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema21.properties.guest.type,parentSchema:schema21.properties.guest,data:data11};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 65535 || isNaN(data11)){
const err23 = {instancePath:instancePath+"/ports/" + i0+"/guest",schemaPath:"#/definitions/PortForward/properties/guest/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema21.properties.guest,data:data11};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err24 = {instancePath:instancePath+"/ports/" + i0+"/guest",schemaPath:"#/definitions/PortForward/properties/guest/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema21.properties.guest,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data9.protocol !== undefined){
let data12 = data9.protocol;
if(!((data12 === "tcp") || (data12 === "udp"))){
const err25 = {instancePath:instancePath+"/ports/" + i0+"/protocol",schemaPath:"#/definitions/PortForward/properties/protocol/enum",keyword:"enum",params:{allowedValues: schema21.properties.protocol.enum},message:"must be equal to one of the allowed values",schema:schema21.properties.protocol.enum,parentSchema:schema21.properties.protocol,data:data12};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data9.address !== undefined){
let data13 = data9.address;
if(typeof data13 === "string"){
if(!pattern26.test(data13)){
const err26 = {instancePath:instancePath+"/ports/" + i0+"/address",schemaPath:"#/definitions/PortForward/properties/address/pattern",keyword:"pattern",params:{pattern: "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"},message:"must match pattern \""+"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"+"\"",schema:"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",parentSchema:schema21.properties.address,data:data13};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/ports/" + i0+"/address",schemaPath:"#/definitions/PortForward/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema21.properties.address.type,parentSchema:schema21.properties.address,data:data13};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/ports/" + i0,schemaPath:"#/definitions/PortForward/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema21.type,parentSchema:schema21,data:data9};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/ports",schemaPath:"#/properties/ports/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema20.properties.ports.type,parentSchema:schema20.properties.ports,data:data8};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.limits !== undefined){
if(!(validate15(data.limits, {instancePath:instancePath+"/limits",parentData:data,parentDataProperty:"limits",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema20.type,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate14.errors = vErrors;
return errors === 0;
}

const schema31 = {"title":"CloudInit","type":"object","description":"Provisioning by cloud-init's NoCloud data source: tshyve builds a seed (ISO 9660, volume label `cidata`) in the VM's state directory and attaches it read-only (virtio-blk on KVM, ahci-cd on bhyve). The seed and its instance-id change when, and only when, this input changes.","additionalProperties":false,"properties":{"hostname":{"type":"string","pattern":"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$","x-message":"expected a host name: letters, digits and inner hyphens, up to 63","description":"The guest's host name (meta-data `local-hostname`); default: the VM name."},"users":{"type":"array","maxItems":32,"items":{"$ref":"#/definitions/CloudInitUser"},"description":"Users to create."},"userData":{"type":"string","maxLength":65536,"description":"Inline user-data (`#cloud-config` YAML, a `#!` script, …), merged after the users above. Put secrets in `userDataFile` instead: inline text is stored in the applied spec."},"userDataFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"A host file holding user-data (secrets belong here); read at apply time, never shown by show or plan.","examples":["/etc/tshyve/secrets/web-user-data"]},"networkConfig":{"type":"object","description":"Network configuration version 2 (netplan syntax) as YAML; default: DHCP on every NIC, matched by MAC."},"metaData":{"type":"object","maxProperties":64,"additionalProperties":{"type":["string","number","boolean"]},"description":"Extra meta-data keys (instance-id and local-hostname are tshyve's)."},"slot":{"type":"string","pattern":"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$","x-message":"expected a PCI placement slot, slot:function or bus:slot:function (bus 0-255, slot 0-31, function 0-7), as bhyve -s","description":"Explicit PCI placement as bhyve -s: `slot`, `slot:function` or `bus:slot:function` (bus 0–255, slot 0–31, function 0–7).","examples":["3","2:1","0:4:0"]}}};
const schema32 = {"title":"CloudInitUser","type":"object","description":"A user cloud-init creates (cloud-config `users`).","additionalProperties":false,"required":["name"],"properties":{"name":{"type":"string","pattern":"^[a-z_][a-z0-9_-]{0,31}$","x-message":"expected a user name: a lower-case letter or _, then up to 31 of a-z, 0-9, _ and -","description":"Login name."},"groups":{"type":"array","maxItems":32,"items":{"type":"string","pattern":"^[a-z_][a-z0-9_-]{0,31}$"},"description":"Supplementary groups, e.g. `[sudo]`."},"sudo":{"type":"string","maxLength":256,"pattern":"^[^\u0000\r\n]*$","description":"A sudoers rule, e.g. `ALL=(ALL) NOPASSWD:ALL`."},"shell":{"type":"string","pattern":"^/[^\u0000\r\n]*$","maxLength":256,"description":"Login shell, e.g. `/bin/bash`."},"sshAuthorizedKeys":{"type":"array","maxItems":64,"items":{"type":"string","minLength":1,"maxLength":16384,"pattern":"^[^\u0000\r\n]+$"},"description":"Public keys, one per item (`ssh-ed25519 AAAA… me@host`)."},"sshAuthorizedKeysFile":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"A host file of public keys (one per line, as `~/.ssh/id_ed25519.pub` or `authorized_keys`); read at apply time.","examples":["/home/me/.ssh/id_ed25519.pub"]}}};
const pattern68 = new RegExp("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", "u");
const pattern69 = new RegExp("^[a-z_][a-z0-9_-]{0,31}$", "u");
const pattern73 = new RegExp("^[^\u0000\r\n]+$", "u");

function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((key0 === "hostname") || (key0 === "users")) || (key0 === "userData")) || (key0 === "userDataFile")) || (key0 === "networkConfig")) || (key0 === "metaData")) || (key0 === "slot"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.hostname !== undefined){
let data0 = data.hostname;
if(typeof data0 === "string"){
if(!pattern68.test(data0)){
const err1 = {instancePath:instancePath+"/hostname",schemaPath:"#/properties/hostname/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",parentSchema:schema31.properties.hostname,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/hostname",schemaPath:"#/properties/hostname/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.hostname.type,parentSchema:schema31.properties.hostname,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.users !== undefined){
let data1 = data.users;
if(Array.isArray(data1)){
if(data1.length > 32){
const err3 = {instancePath:instancePath+"/users",schemaPath:"#/properties/users/maxItems",keyword:"maxItems",params:{limit: 32},message:"must NOT have more than 32 items",schema:32,parentSchema:schema31.properties.users,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err4 = {instancePath:instancePath+"/users/" + i0,schemaPath:"#/definitions/CloudInitUser/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema32.required,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key1 in data2){
if(!((((((key1 === "name") || (key1 === "groups")) || (key1 === "sudo")) || (key1 === "shell")) || (key1 === "sshAuthorizedKeys")) || (key1 === "sshAuthorizedKeysFile"))){
const err5 = {instancePath:instancePath+"/users/" + i0,schemaPath:"#/definitions/CloudInitUser/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern69.test(data3)){
const err6 = {instancePath:instancePath+"/users/" + i0+"/name",schemaPath:"#/definitions/CloudInitUser/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z_][a-z0-9_-]{0,31}$"},message:"must match pattern \""+"^[a-z_][a-z0-9_-]{0,31}$"+"\"",schema:"^[a-z_][a-z0-9_-]{0,31}$",parentSchema:schema32.properties.name,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/users/" + i0+"/name",schemaPath:"#/definitions/CloudInitUser/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.name.type,parentSchema:schema32.properties.name,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.groups !== undefined){
let data4 = data2.groups;
if(Array.isArray(data4)){
if(data4.length > 32){
const err8 = {instancePath:instancePath+"/users/" + i0+"/groups",schemaPath:"#/definitions/CloudInitUser/properties/groups/maxItems",keyword:"maxItems",params:{limit: 32},message:"must NOT have more than 32 items",schema:32,parentSchema:schema32.properties.groups,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const len1 = data4.length;
for(let i1=0; i1<len1; i1++){
let data5 = data4[i1];
if(typeof data5 === "string"){
if(!pattern69.test(data5)){
const err9 = {instancePath:instancePath+"/users/" + i0+"/groups/" + i1,schemaPath:"#/definitions/CloudInitUser/properties/groups/items/pattern",keyword:"pattern",params:{pattern: "^[a-z_][a-z0-9_-]{0,31}$"},message:"must match pattern \""+"^[a-z_][a-z0-9_-]{0,31}$"+"\"",schema:"^[a-z_][a-z0-9_-]{0,31}$",parentSchema:schema32.properties.groups.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/users/" + i0+"/groups/" + i1,schemaPath:"#/definitions/CloudInitUser/properties/groups/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.groups.items.type,parentSchema:schema32.properties.groups.items,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/users/" + i0+"/groups",schemaPath:"#/definitions/CloudInitUser/properties/groups/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.groups.type,parentSchema:schema32.properties.groups,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data2.sudo !== undefined){
let data6 = data2.sudo;
if(typeof data6 === "string"){
if(func2(data6) > 256){
const err12 = {instancePath:instancePath+"/users/" + i0+"/sudo",schemaPath:"#/definitions/CloudInitUser/properties/sudo/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters",schema:256,parentSchema:schema32.properties.sudo,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!pattern7.test(data6)){
const err13 = {instancePath:instancePath+"/users/" + i0+"/sudo",schemaPath:"#/definitions/CloudInitUser/properties/sudo/pattern",keyword:"pattern",params:{pattern: "^[^\u0000\r\n]*$"},message:"must match pattern \""+"^[^\u0000\r\n]*$"+"\"",schema:"^[^\u0000\r\n]*$",parentSchema:schema32.properties.sudo,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/users/" + i0+"/sudo",schemaPath:"#/definitions/CloudInitUser/properties/sudo/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.sudo.type,parentSchema:schema32.properties.sudo,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.shell !== undefined){
let data7 = data2.shell;
if(typeof data7 === "string"){
if(func2(data7) > 256){
const err15 = {instancePath:instancePath+"/users/" + i0+"/shell",schemaPath:"#/definitions/CloudInitUser/properties/shell/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters",schema:256,parentSchema:schema32.properties.shell,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(!pattern5.test(data7)){
const err16 = {instancePath:instancePath+"/users/" + i0+"/shell",schemaPath:"#/definitions/CloudInitUser/properties/shell/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema32.properties.shell,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/users/" + i0+"/shell",schemaPath:"#/definitions/CloudInitUser/properties/shell/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.shell.type,parentSchema:schema32.properties.shell,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data2.sshAuthorizedKeys !== undefined){
let data8 = data2.sshAuthorizedKeys;
if(Array.isArray(data8)){
if(data8.length > 64){
const err18 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/maxItems",keyword:"maxItems",params:{limit: 64},message:"must NOT have more than 64 items",schema:64,parentSchema:schema32.properties.sshAuthorizedKeys,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
const len2 = data8.length;
for(let i2=0; i2<len2; i2++){
let data9 = data8[i2];
if(typeof data9 === "string"){
if(func2(data9) > 16384){
const err19 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys/" + i2,schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/items/maxLength",keyword:"maxLength",params:{limit: 16384},message:"must NOT have more than 16384 characters",schema:16384,parentSchema:schema32.properties.sshAuthorizedKeys.items,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(func2(data9) < 1){
const err20 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys/" + i2,schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32.properties.sshAuthorizedKeys.items,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(!pattern73.test(data9)){
const err21 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys/" + i2,schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/items/pattern",keyword:"pattern",params:{pattern: "^[^\u0000\r\n]+$"},message:"must match pattern \""+"^[^\u0000\r\n]+$"+"\"",schema:"^[^\u0000\r\n]+$",parentSchema:schema32.properties.sshAuthorizedKeys.items,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys/" + i2,schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.sshAuthorizedKeys.items.type,parentSchema:schema32.properties.sshAuthorizedKeys.items,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeys",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeys/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.sshAuthorizedKeys.type,parentSchema:schema32.properties.sshAuthorizedKeys,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data2.sshAuthorizedKeysFile !== undefined){
let data10 = data2.sshAuthorizedKeysFile;
if(typeof data10 === "string"){
if(func2(data10) > 4096){
const err24 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeysFile",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeysFile/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema32.properties.sshAuthorizedKeysFile,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(func2(data10) < 2){
const err25 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeysFile",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeysFile/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema32.properties.sshAuthorizedKeysFile,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(!pattern5.test(data10)){
const err26 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeysFile",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeysFile/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema32.properties.sshAuthorizedKeysFile,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/users/" + i0+"/sshAuthorizedKeysFile",schemaPath:"#/definitions/CloudInitUser/properties/sshAuthorizedKeysFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.sshAuthorizedKeysFile.type,parentSchema:schema32.properties.sshAuthorizedKeysFile,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/users/" + i0,schemaPath:"#/definitions/CloudInitUser/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.type,parentSchema:schema32,data:data2};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/users",schemaPath:"#/properties/users/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.users.type,parentSchema:schema31.properties.users,data:data1};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.userData !== undefined){
let data11 = data.userData;
if(typeof data11 === "string"){
if(func2(data11) > 65536){
const err30 = {instancePath:instancePath+"/userData",schemaPath:"#/properties/userData/maxLength",keyword:"maxLength",params:{limit: 65536},message:"must NOT have more than 65536 characters",schema:65536,parentSchema:schema31.properties.userData,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/userData",schemaPath:"#/properties/userData/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.userData.type,parentSchema:schema31.properties.userData,data:data11};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.userDataFile !== undefined){
let data12 = data.userDataFile;
if(typeof data12 === "string"){
if(func2(data12) > 4096){
const err32 = {instancePath:instancePath+"/userDataFile",schemaPath:"#/properties/userDataFile/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema31.properties.userDataFile,data:data12};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(func2(data12) < 2){
const err33 = {instancePath:instancePath+"/userDataFile",schemaPath:"#/properties/userDataFile/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema31.properties.userDataFile,data:data12};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(!pattern5.test(data12)){
const err34 = {instancePath:instancePath+"/userDataFile",schemaPath:"#/properties/userDataFile/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema31.properties.userDataFile,data:data12};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/userDataFile",schemaPath:"#/properties/userDataFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.userDataFile.type,parentSchema:schema31.properties.userDataFile,data:data12};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data.networkConfig !== undefined){
let data13 = data.networkConfig;
if(!(data13 && typeof data13 == "object" && !Array.isArray(data13))){
const err36 = {instancePath:instancePath+"/networkConfig",schemaPath:"#/properties/networkConfig/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.networkConfig.type,parentSchema:schema31.properties.networkConfig,data:data13};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.metaData !== undefined){
let data14 = data.metaData;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(Object.keys(data14).length > 64){
const err37 = {instancePath:instancePath+"/metaData",schemaPath:"#/properties/metaData/maxProperties",keyword:"maxProperties",params:{limit: 64},message:"must NOT have more than 64 properties",schema:64,parentSchema:schema31.properties.metaData,data:data14};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
for(const key2 in data14){
let data15 = data14[key2];
if(((typeof data15 !== "string") && (!((typeof data15 == "number") && (isFinite(data15))))) && (typeof data15 !== "boolean")){
const err38 = {instancePath:instancePath+"/metaData/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/metaData/additionalProperties/type",keyword:"type",params:{type: schema31.properties.metaData.additionalProperties.type},message:"must be string,number,boolean",schema:schema31.properties.metaData.additionalProperties.type,parentSchema:schema31.properties.metaData.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/metaData",schemaPath:"#/properties/metaData/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.metaData.type,parentSchema:schema31.properties.metaData,data:data14};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.slot !== undefined){
let data16 = data.slot;
if(typeof data16 === "string"){
if(!pattern16.test(data16)){
const err40 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema31.properties.slot,data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/slot",schemaPath:"#/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.slot.type,parentSchema:schema31.properties.slot,data:data16};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}


function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema12.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("VirtualMachine" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "VirtualMachine"},message:"must be equal to constant",schema:"VirtualMachine",parentSchema:schema12.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.cpus === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "cpus"},message:"must have required property '"+"cpus"+"'",schema:schema12.properties.spec.required,parentSchema:schema12.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data8.memory === undefined){
const err23 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "memory"},message:"must have required property '"+"memory"+"'",schema:schema12.properties.spec.required,parentSchema:schema12.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data8.firmware === undefined){
const err24 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "firmware"},message:"must have required property '"+"firmware"+"'",schema:schema12.properties.spec.required,parentSchema:schema12.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
for(const key6 in data8){
if(!(func4.call(schema12.properties.spec.properties, key6))){
const err25 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data8.cpus !== undefined){
let data9 = data8.cpus;
if((!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))) && (!(data9 && typeof data9 == "object" && !Array.isArray(data9)))){
const err26 = {instancePath:instancePath+"/spec/cpus",schemaPath:"#/properties/spec/properties/cpus/type",keyword:"type",params:{type: schema12.properties.spec.properties.cpus.type},message:"must be integer,object",schema:schema12.properties.spec.properties.cpus.type,parentSchema:schema12.properties.spec.properties.cpus,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 255 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/spec/cpus",schemaPath:"#/properties/spec/properties/cpus/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpus,data:data9};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data9 < 1 || isNaN(data9)){
const err28 = {instancePath:instancePath+"/spec/cpus",schemaPath:"#/properties/spec/properties/cpus/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.cpus,data:data9};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
for(const key7 in data9){
if(!((((key7 === "count") || (key7 === "sockets")) || (key7 === "cores")) || (key7 === "threads"))){
const err29 = {instancePath:instancePath+"/spec/cpus",schemaPath:"#/properties/spec/properties/cpus/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.cpus,data:data9};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data9.count !== undefined){
let data10 = data9.count;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err30 = {instancePath:instancePath+"/spec/cpus/count",schemaPath:"#/properties/spec/properties/cpus/properties/count/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpus.properties.count.type,parentSchema:schema12.properties.spec.properties.cpus.properties.count,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 255 || isNaN(data10)){
const err31 = {instancePath:instancePath+"/spec/cpus/count",schemaPath:"#/properties/spec/properties/cpus/properties/count/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpus.properties.count,data:data10};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data10 < 1 || isNaN(data10)){
const err32 = {instancePath:instancePath+"/spec/cpus/count",schemaPath:"#/properties/spec/properties/cpus/properties/count/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.cpus.properties.count,data:data10};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
if(data9.sockets !== undefined){
let data11 = data9.sockets;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err33 = {instancePath:instancePath+"/spec/cpus/sockets",schemaPath:"#/properties/spec/properties/cpus/properties/sockets/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpus.properties.sockets.type,parentSchema:schema12.properties.spec.properties.cpus.properties.sockets,data:data11};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 255 || isNaN(data11)){
const err34 = {instancePath:instancePath+"/spec/cpus/sockets",schemaPath:"#/properties/spec/properties/cpus/properties/sockets/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpus.properties.sockets,data:data11};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err35 = {instancePath:instancePath+"/spec/cpus/sockets",schemaPath:"#/properties/spec/properties/cpus/properties/sockets/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.cpus.properties.sockets,data:data11};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
if(data9.cores !== undefined){
let data12 = data9.cores;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err36 = {instancePath:instancePath+"/spec/cpus/cores",schemaPath:"#/properties/spec/properties/cpus/properties/cores/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpus.properties.cores.type,parentSchema:schema12.properties.spec.properties.cpus.properties.cores,data:data12};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 255 || isNaN(data12)){
const err37 = {instancePath:instancePath+"/spec/cpus/cores",schemaPath:"#/properties/spec/properties/cpus/properties/cores/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpus.properties.cores,data:data12};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data12 < 1 || isNaN(data12)){
const err38 = {instancePath:instancePath+"/spec/cpus/cores",schemaPath:"#/properties/spec/properties/cpus/properties/cores/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.cpus.properties.cores,data:data12};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
if(data9.threads !== undefined){
let data13 = data9.threads;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err39 = {instancePath:instancePath+"/spec/cpus/threads",schemaPath:"#/properties/spec/properties/cpus/properties/threads/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpus.properties.threads.type,parentSchema:schema12.properties.spec.properties.cpus.properties.threads,data:data13};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 255 || isNaN(data13)){
const err40 = {instancePath:instancePath+"/spec/cpus/threads",schemaPath:"#/properties/spec/properties/cpus/properties/threads/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpus.properties.threads,data:data13};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(data13 < 1 || isNaN(data13)){
const err41 = {instancePath:instancePath+"/spec/cpus/threads",schemaPath:"#/properties/spec/properties/cpus/properties/threads/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.cpus.properties.threads,data:data13};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
}
}
if(data8.cpuPinning !== undefined){
let data14 = data8.cpuPinning;
if(Array.isArray(data14)){
const len0 = data14.length;
for(let i0=0; i0<len0; i0++){
let data15 = data14[i0];
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.vcpu === undefined){
const err42 = {instancePath:instancePath+"/spec/cpuPinning/" + i0,schemaPath:"#/properties/spec/properties/cpuPinning/items/required",keyword:"required",params:{missingProperty: "vcpu"},message:"must have required property '"+"vcpu"+"'",schema:schema12.properties.spec.properties.cpuPinning.items.required,parentSchema:schema12.properties.spec.properties.cpuPinning.items,data:data15};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data15.hostCpu === undefined){
const err43 = {instancePath:instancePath+"/spec/cpuPinning/" + i0,schemaPath:"#/properties/spec/properties/cpuPinning/items/required",keyword:"required",params:{missingProperty: "hostCpu"},message:"must have required property '"+"hostCpu"+"'",schema:schema12.properties.spec.properties.cpuPinning.items.required,parentSchema:schema12.properties.spec.properties.cpuPinning.items,data:data15};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key8 in data15){
if(!((key8 === "vcpu") || (key8 === "hostCpu"))){
const err44 = {instancePath:instancePath+"/spec/cpuPinning/" + i0,schemaPath:"#/properties/spec/properties/cpuPinning/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.cpuPinning.items,data:data15};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data15.vcpu !== undefined){
let data16 = data15.vcpu;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err45 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/vcpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/vcpu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpuPinning.items.properties.vcpu.type,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.vcpu,data:data16};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 255 || isNaN(data16)){
const err46 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/vcpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/vcpu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 255},message:"must be <= 255",schema:255,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.vcpu,data:data16};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data16 < 0 || isNaN(data16)){
const err47 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/vcpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/vcpu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.vcpu,data:data16};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
if(data15.hostCpu !== undefined){
let data17 = data15.hostCpu;
if(!(((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17))) && (isFinite(data17)))){
const err48 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/hostCpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/hostCpu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.cpuPinning.items.properties.hostCpu.type,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.hostCpu,data:data17};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 > 4095 || isNaN(data17)){
const err49 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/hostCpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/hostCpu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4095},message:"must be <= 4095",schema:4095,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.hostCpu,data:data17};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if(data17 < 0 || isNaN(data17)){
const err50 = {instancePath:instancePath+"/spec/cpuPinning/" + i0+"/hostCpu",schemaPath:"#/properties/spec/properties/cpuPinning/items/properties/hostCpu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12.properties.spec.properties.cpuPinning.items.properties.hostCpu,data:data17};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
}
else {
const err51 = {instancePath:instancePath+"/spec/cpuPinning/" + i0,schemaPath:"#/properties/spec/properties/cpuPinning/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.cpuPinning.items.type,parentSchema:schema12.properties.spec.properties.cpuPinning.items,data:data15};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
else {
const err52 = {instancePath:instancePath+"/spec/cpuPinning",schemaPath:"#/properties/spec/properties/cpuPinning/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.cpuPinning.type,parentSchema:schema12.properties.spec.properties.cpuPinning,data:data14};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data8.memory !== undefined){
let data18 = data8.memory;
if(typeof data18 === "string"){
if(!pattern3.test(data18)){
const err53 = {instancePath:instancePath+"/spec/memory",schemaPath:"#/properties/spec/properties/memory/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema12.properties.spec.properties.memory,data:data18};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/spec/memory",schemaPath:"#/properties/spec/properties/memory/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.memory.type,parentSchema:schema12.properties.spec.properties.memory,data:data18};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data8.wiredMemory !== undefined){
let data19 = data8.wiredMemory;
if(typeof data19 !== "boolean"){
const err55 = {instancePath:instancePath+"/spec/wiredMemory",schemaPath:"#/properties/spec/properties/wiredMemory/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.wiredMemory.type,parentSchema:schema12.properties.spec.properties.wiredMemory,data:data19};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data8.firmware !== undefined){
let data20 = data8.firmware;
if((typeof data20 !== "string") && (!(data20 && typeof data20 == "object" && !Array.isArray(data20)))){
const err56 = {instancePath:instancePath+"/spec/firmware",schemaPath:"#/properties/spec/properties/firmware/type",keyword:"type",params:{type: schema12.properties.spec.properties.firmware.type},message:"must be string,object",schema:schema12.properties.spec.properties.firmware.type,parentSchema:schema12.properties.spec.properties.firmware,data:data20};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if(typeof data20 === "string"){
if(!pattern0.test(data20)){
const err57 = {instancePath:instancePath+"/spec/firmware",schemaPath:"#/properties/spec/properties/firmware/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema12.properties.spec.properties.firmware,data:data20};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key9 in data20){
if(!(((key9 === "linux") || (key9 === "bootrom")) || (key9 === "bhyveload"))){
const err58 = {instancePath:instancePath+"/spec/firmware",schemaPath:"#/properties/spec/properties/firmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.firmware,data:data20};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data20.linux !== undefined){
let data21 = data20.linux;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
if(data21.kernel === undefined){
const err59 = {instancePath:instancePath+"/spec/firmware/linux",schemaPath:"#/definitions/LinuxFirmware/required",keyword:"required",params:{missingProperty: "kernel"},message:"must have required property '"+"kernel"+"'",schema:schema14.required,parentSchema:schema14,data:data21};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
for(const key10 in data21){
if(!(((key10 === "kernel") || (key10 === "initrd")) || (key10 === "cmdline"))){
const err60 = {instancePath:instancePath+"/spec/firmware/linux",schemaPath:"#/definitions/LinuxFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema14,data:data21};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data21.kernel !== undefined){
let data22 = data21.kernel;
if(typeof data22 === "string"){
if(func2(data22) > 4096){
const err61 = {instancePath:instancePath+"/spec/firmware/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema14.properties.kernel,data:data22};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(func2(data22) < 2){
const err62 = {instancePath:instancePath+"/spec/firmware/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema14.properties.kernel,data:data22};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(!pattern5.test(data22)){
const err63 = {instancePath:instancePath+"/spec/firmware/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema14.properties.kernel,data:data22};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
else {
const err64 = {instancePath:instancePath+"/spec/firmware/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.kernel.type,parentSchema:schema14.properties.kernel,data:data22};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data21.initrd !== undefined){
let data23 = data21.initrd;
if(typeof data23 === "string"){
if(func2(data23) > 4096){
const err65 = {instancePath:instancePath+"/spec/firmware/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema14.properties.initrd,data:data23};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(func2(data23) < 2){
const err66 = {instancePath:instancePath+"/spec/firmware/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema14.properties.initrd,data:data23};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if(!pattern5.test(data23)){
const err67 = {instancePath:instancePath+"/spec/firmware/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema14.properties.initrd,data:data23};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/spec/firmware/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.initrd.type,parentSchema:schema14.properties.initrd,data:data23};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data21.cmdline !== undefined){
let data24 = data21.cmdline;
if(typeof data24 === "string"){
if(func2(data24) > 2047){
const err69 = {instancePath:instancePath+"/spec/firmware/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/maxLength",keyword:"maxLength",params:{limit: 2047},message:"must NOT have more than 2047 characters",schema:2047,parentSchema:schema14.properties.cmdline,data:data24};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(!pattern7.test(data24)){
const err70 = {instancePath:instancePath+"/spec/firmware/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/pattern",keyword:"pattern",params:{pattern: "^[^\u0000\r\n]*$"},message:"must match pattern \""+"^[^\u0000\r\n]*$"+"\"",schema:"^[^\u0000\r\n]*$",parentSchema:schema14.properties.cmdline,data:data24};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
else {
const err71 = {instancePath:instancePath+"/spec/firmware/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.cmdline.type,parentSchema:schema14.properties.cmdline,data:data24};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/spec/firmware/linux",schemaPath:"#/definitions/LinuxFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data21};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data20.bootrom !== undefined){
let data25 = data20.bootrom;
if(data25 && typeof data25 == "object" && !Array.isArray(data25)){
if(data25.image === undefined){
const err73 = {instancePath:instancePath+"/spec/firmware/bootrom",schemaPath:"#/definitions/BootromFirmware/required",keyword:"required",params:{missingProperty: "image"},message:"must have required property '"+"image"+"'",schema:schema15.required,parentSchema:schema15,data:data25};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
for(const key11 in data25){
if(!((key11 === "image") || (key11 === "varsTemplate"))){
const err74 = {instancePath:instancePath+"/spec/firmware/bootrom",schemaPath:"#/definitions/BootromFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema15,data:data25};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data25.image !== undefined){
let data26 = data25.image;
if(typeof data26 === "string"){
if(func2(data26) > 4096){
const err75 = {instancePath:instancePath+"/spec/firmware/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema15.properties.image,data:data26};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(func2(data26) < 2){
const err76 = {instancePath:instancePath+"/spec/firmware/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema15.properties.image,data:data26};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
if(!pattern5.test(data26)){
const err77 = {instancePath:instancePath+"/spec/firmware/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema15.properties.image,data:data26};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/spec/firmware/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.image.type,parentSchema:schema15.properties.image,data:data26};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data25.varsTemplate !== undefined){
let data27 = data25.varsTemplate;
if(typeof data27 === "string"){
if(func2(data27) > 4096){
const err79 = {instancePath:instancePath+"/spec/firmware/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema15.properties.varsTemplate,data:data27};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if(func2(data27) < 2){
const err80 = {instancePath:instancePath+"/spec/firmware/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema15.properties.varsTemplate,data:data27};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(!pattern5.test(data27)){
const err81 = {instancePath:instancePath+"/spec/firmware/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema15.properties.varsTemplate,data:data27};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/spec/firmware/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.varsTemplate.type,parentSchema:schema15.properties.varsTemplate,data:data27};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
else {
const err83 = {instancePath:instancePath+"/spec/firmware/bootrom",schemaPath:"#/definitions/BootromFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema15.type,parentSchema:schema15,data:data25};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data20.bhyveload !== undefined){
let data28 = data20.bhyveload;
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
for(const key12 in data28){
if(!(((((key12 === "bootDisk") || (key12 === "loaderEnv")) || (key12 === "consoleDevice")) || (key12 === "hostBase")) || (key12 === "osLoader"))){
const err84 = {instancePath:instancePath+"/spec/firmware/bhyveload",schemaPath:"#/definitions/BhyveloadFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data28};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data28.bootDisk !== undefined){
let data29 = data28.bootDisk;
if(!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29)))){
const err85 = {instancePath:instancePath+"/spec/firmware/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.properties.bootDisk.type,parentSchema:schema16.properties.bootDisk,data:data29};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 > 63 || isNaN(data29)){
const err86 = {instancePath:instancePath+"/spec/firmware/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/maximum",keyword:"maximum",params:{comparison: "<=", limit: 63},message:"must be <= 63",schema:63,parentSchema:schema16.properties.bootDisk,data:data29};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if(data29 < 0 || isNaN(data29)){
const err87 = {instancePath:instancePath+"/spec/firmware/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.bootDisk,data:data29};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
if(data28.loaderEnv !== undefined){
let data30 = data28.loaderEnv;
if(data30 && typeof data30 == "object" && !Array.isArray(data30)){
for(const key13 in data30){
const _errs87 = errors;
if(typeof key13 === "string"){
if(!pattern10.test(key13)){
const err88 = {instancePath:instancePath+"/spec/firmware/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_.]{0,127}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_.]{0,127}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_.]{0,127}$",parentSchema:schema16.properties.loaderEnv.propertyNames,data:key13,propertyName:key13};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
var valid19 = _errs87 === errors;
if(!valid19){
const err89 = {instancePath:instancePath+"/spec/firmware/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/propertyNames",keyword:"propertyNames",params:{propertyName: key13},message:"property name must be valid",schema:schema16.properties.loaderEnv.propertyNames,parentSchema:schema16.properties.loaderEnv,data:data30};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
for(const key14 in data30){
let data31 = data30[key14];
if(typeof data31 === "string"){
if(func2(data31) > 1024){
const err90 = {instancePath:instancePath+"/spec/firmware/bhyveload/loaderEnv/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema16.properties.loaderEnv.additionalProperties,data:data31};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
else {
const err91 = {instancePath:instancePath+"/spec/firmware/bhyveload/loaderEnv/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.loaderEnv.additionalProperties.type,parentSchema:schema16.properties.loaderEnv.additionalProperties,data:data31};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/spec/firmware/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.loaderEnv.type,parentSchema:schema16.properties.loaderEnv,data:data30};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data28.consoleDevice !== undefined){
let data32 = data28.consoleDevice;
if(typeof data32 === "string"){
if(func2(data32) > 4096){
const err93 = {instancePath:instancePath+"/spec/firmware/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.consoleDevice,data:data32};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
if(func2(data32) < 1){
const err94 = {instancePath:instancePath+"/spec/firmware/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema16.properties.consoleDevice,data:data32};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if(!pattern11.test(data32)){
const err95 = {instancePath:instancePath+"/spec/firmware/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/pattern",keyword:"pattern",params:{pattern: "^(stdio|/[^\u0000\r\n]*)$"},message:"must match pattern \""+"^(stdio|/[^\u0000\r\n]*)$"+"\"",schema:"^(stdio|/[^\u0000\r\n]*)$",parentSchema:schema16.properties.consoleDevice,data:data32};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
else {
const err96 = {instancePath:instancePath+"/spec/firmware/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.consoleDevice.type,parentSchema:schema16.properties.consoleDevice,data:data32};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data28.hostBase !== undefined){
let data33 = data28.hostBase;
if(typeof data33 === "string"){
if(func2(data33) > 4096){
const err97 = {instancePath:instancePath+"/spec/firmware/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.hostBase,data:data33};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if(func2(data33) < 2){
const err98 = {instancePath:instancePath+"/spec/firmware/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema16.properties.hostBase,data:data33};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
if(!pattern5.test(data33)){
const err99 = {instancePath:instancePath+"/spec/firmware/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema16.properties.hostBase,data:data33};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/spec/firmware/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.hostBase.type,parentSchema:schema16.properties.hostBase,data:data33};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data28.osLoader !== undefined){
let data34 = data28.osLoader;
if(typeof data34 === "string"){
if(func2(data34) > 4096){
const err101 = {instancePath:instancePath+"/spec/firmware/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.osLoader,data:data34};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
if(func2(data34) < 2){
const err102 = {instancePath:instancePath+"/spec/firmware/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema16.properties.osLoader,data:data34};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
if(!pattern5.test(data34)){
const err103 = {instancePath:instancePath+"/spec/firmware/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema16.properties.osLoader,data:data34};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
else {
const err104 = {instancePath:instancePath+"/spec/firmware/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.osLoader.type,parentSchema:schema16.properties.osLoader,data:data34};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
}
else {
const err105 = {instancePath:instancePath+"/spec/firmware/bhyveload",schemaPath:"#/definitions/BhyveloadFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data28};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
}
if(data8.disks !== undefined){
let data35 = data8.disks;
if(Array.isArray(data35)){
if(data35.length > 64){
const err106 = {instancePath:instancePath+"/spec/disks",schemaPath:"#/properties/spec/properties/disks/maxItems",keyword:"maxItems",params:{limit: 64},message:"must NOT have more than 64 items",schema:64,parentSchema:schema12.properties.spec.properties.disks,data:data35};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
const len1 = data35.length;
for(let i1=0; i1<len1; i1++){
if(!(validate12(data35[i1], {instancePath:instancePath+"/spec/disks/" + i1,parentData:data35,parentDataProperty:i1,rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
}
}
else {
const err107 = {instancePath:instancePath+"/spec/disks",schemaPath:"#/properties/spec/properties/disks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.disks.type,parentSchema:schema12.properties.spec.properties.disks,data:data35};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data8.nics !== undefined){
let data37 = data8.nics;
if(Array.isArray(data37)){
if(data37.length > 32){
const err108 = {instancePath:instancePath+"/spec/nics",schemaPath:"#/properties/spec/properties/nics/maxItems",keyword:"maxItems",params:{limit: 32},message:"must NOT have more than 32 items",schema:32,parentSchema:schema12.properties.spec.properties.nics,data:data37};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
const len2 = data37.length;
for(let i2=0; i2<len2; i2++){
if(!(validate14(data37[i2], {instancePath:instancePath+"/spec/nics/" + i2,parentData:data37,parentDataProperty:i2,rootData}))){
vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
errors = vErrors.length;
}
}
}
else {
const err109 = {instancePath:instancePath+"/spec/nics",schemaPath:"#/properties/spec/properties/nics/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.nics.type,parentSchema:schema12.properties.spec.properties.nics,data:data37};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data8.serial !== undefined){
let data39 = data8.serial;
if(data39 && typeof data39 == "object" && !Array.isArray(data39)){
for(const key15 in data39){
if(!((((key15 === "com1") || (key15 === "com2")) || (key15 === "com3")) || (key15 === "com4"))){
const err110 = {instancePath:instancePath+"/spec/serial",schemaPath:"#/properties/spec/properties/serial/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.serial,data:data39};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data39.com1 !== undefined){
let data40 = data39.com1;
if(data40 && typeof data40 == "object" && !Array.isArray(data40)){
if(data40.mode === undefined){
const err111 = {instancePath:instancePath+"/spec/serial/com1",schemaPath:"#/definitions/SerialPort/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'",schema:schema25.required,parentSchema:schema25,data:data40};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
for(const key16 in data40){
if(!((key16 === "mode") || (key16 === "path"))){
const err112 = {instancePath:instancePath+"/spec/serial/com1",schemaPath:"#/definitions/SerialPort/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data40};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data40.mode !== undefined){
let data41 = data40.mode;
if(!(((((data41 === "stdio") || (data41 === "log")) || (data41 === "socket")) || (data41 === "tty")) || (data41 === "off"))){
const err113 = {instancePath:instancePath+"/spec/serial/com1/mode",schemaPath:"#/definitions/SerialPort/properties/mode/enum",keyword:"enum",params:{allowedValues: schema25.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.mode.enum,parentSchema:schema25.properties.mode,data:data41};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data40.path !== undefined){
let data42 = data40.path;
if(typeof data42 === "string"){
if(func2(data42) > 4096){
const err114 = {instancePath:instancePath+"/spec/serial/com1/path",schemaPath:"#/definitions/SerialPort/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema25.properties.path,data:data42};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
if(func2(data42) < 2){
const err115 = {instancePath:instancePath+"/spec/serial/com1/path",schemaPath:"#/definitions/SerialPort/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema25.properties.path,data:data42};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(!pattern5.test(data42)){
const err116 = {instancePath:instancePath+"/spec/serial/com1/path",schemaPath:"#/definitions/SerialPort/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema25.properties.path,data:data42};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
else {
const err117 = {instancePath:instancePath+"/spec/serial/com1/path",schemaPath:"#/definitions/SerialPort/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.path.type,parentSchema:schema25.properties.path,data:data42};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/spec/serial/com1",schemaPath:"#/definitions/SerialPort/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data40};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(data39.com2 !== undefined){
let data43 = data39.com2;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.mode === undefined){
const err119 = {instancePath:instancePath+"/spec/serial/com2",schemaPath:"#/definitions/SerialPort/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'",schema:schema25.required,parentSchema:schema25,data:data43};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
for(const key17 in data43){
if(!((key17 === "mode") || (key17 === "path"))){
const err120 = {instancePath:instancePath+"/spec/serial/com2",schemaPath:"#/definitions/SerialPort/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data43};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data43.mode !== undefined){
let data44 = data43.mode;
if(!(((((data44 === "stdio") || (data44 === "log")) || (data44 === "socket")) || (data44 === "tty")) || (data44 === "off"))){
const err121 = {instancePath:instancePath+"/spec/serial/com2/mode",schemaPath:"#/definitions/SerialPort/properties/mode/enum",keyword:"enum",params:{allowedValues: schema25.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.mode.enum,parentSchema:schema25.properties.mode,data:data44};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data43.path !== undefined){
let data45 = data43.path;
if(typeof data45 === "string"){
if(func2(data45) > 4096){
const err122 = {instancePath:instancePath+"/spec/serial/com2/path",schemaPath:"#/definitions/SerialPort/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema25.properties.path,data:data45};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if(func2(data45) < 2){
const err123 = {instancePath:instancePath+"/spec/serial/com2/path",schemaPath:"#/definitions/SerialPort/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema25.properties.path,data:data45};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
if(!pattern5.test(data45)){
const err124 = {instancePath:instancePath+"/spec/serial/com2/path",schemaPath:"#/definitions/SerialPort/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema25.properties.path,data:data45};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
else {
const err125 = {instancePath:instancePath+"/spec/serial/com2/path",schemaPath:"#/definitions/SerialPort/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.path.type,parentSchema:schema25.properties.path,data:data45};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
}
else {
const err126 = {instancePath:instancePath+"/spec/serial/com2",schemaPath:"#/definitions/SerialPort/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data43};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data39.com3 !== undefined){
let data46 = data39.com3;
if(data46 && typeof data46 == "object" && !Array.isArray(data46)){
if(data46.mode === undefined){
const err127 = {instancePath:instancePath+"/spec/serial/com3",schemaPath:"#/definitions/SerialPort/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'",schema:schema25.required,parentSchema:schema25,data:data46};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
for(const key18 in data46){
if(!((key18 === "mode") || (key18 === "path"))){
const err128 = {instancePath:instancePath+"/spec/serial/com3",schemaPath:"#/definitions/SerialPort/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data46};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
if(data46.mode !== undefined){
let data47 = data46.mode;
if(!(((((data47 === "stdio") || (data47 === "log")) || (data47 === "socket")) || (data47 === "tty")) || (data47 === "off"))){
const err129 = {instancePath:instancePath+"/spec/serial/com3/mode",schemaPath:"#/definitions/SerialPort/properties/mode/enum",keyword:"enum",params:{allowedValues: schema25.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.mode.enum,parentSchema:schema25.properties.mode,data:data47};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
if(data46.path !== undefined){
let data48 = data46.path;
if(typeof data48 === "string"){
if(func2(data48) > 4096){
const err130 = {instancePath:instancePath+"/spec/serial/com3/path",schemaPath:"#/definitions/SerialPort/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema25.properties.path,data:data48};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if(func2(data48) < 2){
const err131 = {instancePath:instancePath+"/spec/serial/com3/path",schemaPath:"#/definitions/SerialPort/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema25.properties.path,data:data48};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
if(!pattern5.test(data48)){
const err132 = {instancePath:instancePath+"/spec/serial/com3/path",schemaPath:"#/definitions/SerialPort/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema25.properties.path,data:data48};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
else {
const err133 = {instancePath:instancePath+"/spec/serial/com3/path",schemaPath:"#/definitions/SerialPort/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.path.type,parentSchema:schema25.properties.path,data:data48};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
else {
const err134 = {instancePath:instancePath+"/spec/serial/com3",schemaPath:"#/definitions/SerialPort/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data46};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
if(data39.com4 !== undefined){
let data49 = data39.com4;
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
if(data49.mode === undefined){
const err135 = {instancePath:instancePath+"/spec/serial/com4",schemaPath:"#/definitions/SerialPort/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'",schema:schema25.required,parentSchema:schema25,data:data49};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
for(const key19 in data49){
if(!((key19 === "mode") || (key19 === "path"))){
const err136 = {instancePath:instancePath+"/spec/serial/com4",schemaPath:"#/definitions/SerialPort/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data:data49};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
if(data49.mode !== undefined){
let data50 = data49.mode;
if(!(((((data50 === "stdio") || (data50 === "log")) || (data50 === "socket")) || (data50 === "tty")) || (data50 === "off"))){
const err137 = {instancePath:instancePath+"/spec/serial/com4/mode",schemaPath:"#/definitions/SerialPort/properties/mode/enum",keyword:"enum",params:{allowedValues: schema25.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema25.properties.mode.enum,parentSchema:schema25.properties.mode,data:data50};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data49.path !== undefined){
let data51 = data49.path;
if(typeof data51 === "string"){
if(func2(data51) > 4096){
const err138 = {instancePath:instancePath+"/spec/serial/com4/path",schemaPath:"#/definitions/SerialPort/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema25.properties.path,data:data51};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
if(func2(data51) < 2){
const err139 = {instancePath:instancePath+"/spec/serial/com4/path",schemaPath:"#/definitions/SerialPort/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema25.properties.path,data:data51};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
if(!pattern5.test(data51)){
const err140 = {instancePath:instancePath+"/spec/serial/com4/path",schemaPath:"#/definitions/SerialPort/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema25.properties.path,data:data51};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
else {
const err141 = {instancePath:instancePath+"/spec/serial/com4/path",schemaPath:"#/definitions/SerialPort/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.path.type,parentSchema:schema25.properties.path,data:data51};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
}
else {
const err142 = {instancePath:instancePath+"/spec/serial/com4",schemaPath:"#/definitions/SerialPort/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data:data49};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
}
else {
const err143 = {instancePath:instancePath+"/spec/serial",schemaPath:"#/properties/spec/properties/serial/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.serial.type,parentSchema:schema12.properties.spec.properties.serial,data:data39};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
if(data8.rng !== undefined){
let data52 = data8.rng;
if((typeof data52 !== "boolean") && (!(data52 && typeof data52 == "object" && !Array.isArray(data52)))){
const err144 = {instancePath:instancePath+"/spec/rng",schemaPath:"#/properties/spec/properties/rng/type",keyword:"type",params:{type: schema12.properties.spec.properties.rng.type},message:"must be boolean,object",schema:schema12.properties.spec.properties.rng.type,parentSchema:schema12.properties.spec.properties.rng,data:data52};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
for(const key20 in data52){
if(!(key20 === "slot")){
const err145 = {instancePath:instancePath+"/spec/rng",schemaPath:"#/properties/spec/properties/rng/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key20},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.rng,data:data52};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
if(data52.slot !== undefined){
let data53 = data52.slot;
if(typeof data53 === "string"){
if(!pattern16.test(data53)){
const err146 = {instancePath:instancePath+"/spec/rng/slot",schemaPath:"#/properties/spec/properties/rng/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.rng.properties.slot,data:data53};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
else {
const err147 = {instancePath:instancePath+"/spec/rng/slot",schemaPath:"#/properties/spec/properties/rng/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.rng.properties.slot.type,parentSchema:schema12.properties.spec.properties.rng.properties.slot,data:data53};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
}
}
if(data8.consoles !== undefined){
let data54 = data8.consoles;
if(Array.isArray(data54)){
if(data54.length > 16){
const err148 = {instancePath:instancePath+"/spec/consoles",schemaPath:"#/properties/spec/properties/consoles/maxItems",keyword:"maxItems",params:{limit: 16},message:"must NOT have more than 16 items",schema:16,parentSchema:schema12.properties.spec.properties.consoles,data:data54};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
const len3 = data54.length;
for(let i3=0; i3<len3; i3++){
let data55 = data54[i3];
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
if(data55.name === undefined){
const err149 = {instancePath:instancePath+"/spec/consoles/" + i3,schemaPath:"#/properties/spec/properties/consoles/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema12.properties.spec.properties.consoles.items.required,parentSchema:schema12.properties.spec.properties.consoles.items,data:data55};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
for(const key21 in data55){
if(!((key21 === "name") || (key21 === "path"))){
const err150 = {instancePath:instancePath+"/spec/consoles/" + i3,schemaPath:"#/properties/spec/properties/consoles/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key21},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.consoles.items,data:data55};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
if(data55.name !== undefined){
let data56 = data55.name;
if(typeof data56 === "string"){
if(!pattern37.test(data56)){
const err151 = {instancePath:instancePath+"/spec/consoles/" + i3+"/name",schemaPath:"#/properties/spec/properties/consoles/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,63}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,63}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,63}$",parentSchema:schema12.properties.spec.properties.consoles.items.properties.name,data:data56};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
else {
const err152 = {instancePath:instancePath+"/spec/consoles/" + i3+"/name",schemaPath:"#/properties/spec/properties/consoles/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.consoles.items.properties.name.type,parentSchema:schema12.properties.spec.properties.consoles.items.properties.name,data:data56};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
if(data55.path !== undefined){
let data57 = data55.path;
if(typeof data57 === "string"){
if(func2(data57) > 4096){
const err153 = {instancePath:instancePath+"/spec/consoles/" + i3+"/path",schemaPath:"#/properties/spec/properties/consoles/items/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.consoles.items.properties.path,data:data57};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
if(func2(data57) < 2){
const err154 = {instancePath:instancePath+"/spec/consoles/" + i3+"/path",schemaPath:"#/properties/spec/properties/consoles/items/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.consoles.items.properties.path,data:data57};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if(!pattern5.test(data57)){
const err155 = {instancePath:instancePath+"/spec/consoles/" + i3+"/path",schemaPath:"#/properties/spec/properties/consoles/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.consoles.items.properties.path,data:data57};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
else {
const err156 = {instancePath:instancePath+"/spec/consoles/" + i3+"/path",schemaPath:"#/properties/spec/properties/consoles/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.consoles.items.properties.path.type,parentSchema:schema12.properties.spec.properties.consoles.items.properties.path,data:data57};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
}
else {
const err157 = {instancePath:instancePath+"/spec/consoles/" + i3,schemaPath:"#/properties/spec/properties/consoles/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.consoles.items.type,parentSchema:schema12.properties.spec.properties.consoles.items,data:data55};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
}
else {
const err158 = {instancePath:instancePath+"/spec/consoles",schemaPath:"#/properties/spec/properties/consoles/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.consoles.type,parentSchema:schema12.properties.spec.properties.consoles,data:data54};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data8.consoleSlot !== undefined){
let data58 = data8.consoleSlot;
if(typeof data58 === "string"){
if(!pattern16.test(data58)){
const err159 = {instancePath:instancePath+"/spec/consoleSlot",schemaPath:"#/properties/spec/properties/consoleSlot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.consoleSlot,data:data58};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
else {
const err160 = {instancePath:instancePath+"/spec/consoleSlot",schemaPath:"#/properties/spec/properties/consoleSlot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.consoleSlot.type,parentSchema:schema12.properties.spec.properties.consoleSlot,data:data58};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
if(data8.framebuffer !== undefined){
let data59 = data8.framebuffer;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
for(const key22 in data59){
if(!(((((((key22 === "listen") || (key22 === "width")) || (key22 === "height")) || (key22 === "vga")) || (key22 === "wait")) || (key22 === "passwordFile")) || (key22 === "slot"))){
const err161 = {instancePath:instancePath+"/spec/framebuffer",schemaPath:"#/properties/spec/properties/framebuffer/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key22},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.framebuffer,data:data59};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
if(data59.listen !== undefined){
let data60 = data59.listen;
if(typeof data60 === "string"){
if(!pattern40.test(data60)){
const err162 = {instancePath:instancePath+"/spec/framebuffer/listen",schemaPath:"#/properties/spec/properties/framebuffer/properties/listen/pattern",keyword:"pattern",params:{pattern: "^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$"},message:"must match pattern \""+"^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$"+"\"",schema:"^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$",parentSchema:schema12.properties.spec.properties.framebuffer.properties.listen,data:data60};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
else {
const err163 = {instancePath:instancePath+"/spec/framebuffer/listen",schemaPath:"#/properties/spec/properties/framebuffer/properties/listen/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.framebuffer.properties.listen.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.listen,data:data60};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
if(data59.width !== undefined){
let data61 = data59.width;
if(!(((typeof data61 == "number") && (!(data61 % 1) && !isNaN(data61))) && (isFinite(data61)))){
const err164 = {instancePath:instancePath+"/spec/framebuffer/width",schemaPath:"#/properties/spec/properties/framebuffer/properties/width/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.framebuffer.properties.width.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.width,data:data61};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 > 1920 || isNaN(data61)){
const err165 = {instancePath:instancePath+"/spec/framebuffer/width",schemaPath:"#/properties/spec/properties/framebuffer/properties/width/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1920},message:"must be <= 1920",schema:1920,parentSchema:schema12.properties.spec.properties.framebuffer.properties.width,data:data61};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
if(data61 < 640 || isNaN(data61)){
const err166 = {instancePath:instancePath+"/spec/framebuffer/width",schemaPath:"#/properties/spec/properties/framebuffer/properties/width/minimum",keyword:"minimum",params:{comparison: ">=", limit: 640},message:"must be >= 640",schema:640,parentSchema:schema12.properties.spec.properties.framebuffer.properties.width,data:data61};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
}
}
if(data59.height !== undefined){
let data62 = data59.height;
if(!(((typeof data62 == "number") && (!(data62 % 1) && !isNaN(data62))) && (isFinite(data62)))){
const err167 = {instancePath:instancePath+"/spec/framebuffer/height",schemaPath:"#/properties/spec/properties/framebuffer/properties/height/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.framebuffer.properties.height.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.height,data:data62};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
if((typeof data62 == "number") && (isFinite(data62))){
if(data62 > 1200 || isNaN(data62)){
const err168 = {instancePath:instancePath+"/spec/framebuffer/height",schemaPath:"#/properties/spec/properties/framebuffer/properties/height/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1200},message:"must be <= 1200",schema:1200,parentSchema:schema12.properties.spec.properties.framebuffer.properties.height,data:data62};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
if(data62 < 480 || isNaN(data62)){
const err169 = {instancePath:instancePath+"/spec/framebuffer/height",schemaPath:"#/properties/spec/properties/framebuffer/properties/height/minimum",keyword:"minimum",params:{comparison: ">=", limit: 480},message:"must be >= 480",schema:480,parentSchema:schema12.properties.spec.properties.framebuffer.properties.height,data:data62};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
}
}
if(data59.vga !== undefined){
let data63 = data59.vga;
if(!(((data63 === "on") || (data63 === "io")) || (data63 === "off"))){
const err170 = {instancePath:instancePath+"/spec/framebuffer/vga",schemaPath:"#/properties/spec/properties/framebuffer/properties/vga/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.framebuffer.properties.vga.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.framebuffer.properties.vga.enum,parentSchema:schema12.properties.spec.properties.framebuffer.properties.vga,data:data63};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
}
if(data59.wait !== undefined){
let data64 = data59.wait;
if(typeof data64 !== "boolean"){
const err171 = {instancePath:instancePath+"/spec/framebuffer/wait",schemaPath:"#/properties/spec/properties/framebuffer/properties/wait/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.framebuffer.properties.wait.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.wait,data:data64};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
if(data59.passwordFile !== undefined){
let data65 = data59.passwordFile;
if(typeof data65 === "string"){
if(func2(data65) > 4096){
const err172 = {instancePath:instancePath+"/spec/framebuffer/passwordFile",schemaPath:"#/properties/spec/properties/framebuffer/properties/passwordFile/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.framebuffer.properties.passwordFile,data:data65};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
if(func2(data65) < 2){
const err173 = {instancePath:instancePath+"/spec/framebuffer/passwordFile",schemaPath:"#/properties/spec/properties/framebuffer/properties/passwordFile/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.framebuffer.properties.passwordFile,data:data65};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
if(!pattern5.test(data65)){
const err174 = {instancePath:instancePath+"/spec/framebuffer/passwordFile",schemaPath:"#/properties/spec/properties/framebuffer/properties/passwordFile/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.framebuffer.properties.passwordFile,data:data65};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
else {
const err175 = {instancePath:instancePath+"/spec/framebuffer/passwordFile",schemaPath:"#/properties/spec/properties/framebuffer/properties/passwordFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.framebuffer.properties.passwordFile.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.passwordFile,data:data65};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
}
if(data59.slot !== undefined){
let data66 = data59.slot;
if(typeof data66 === "string"){
if(!pattern16.test(data66)){
const err176 = {instancePath:instancePath+"/spec/framebuffer/slot",schemaPath:"#/properties/spec/properties/framebuffer/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.framebuffer.properties.slot,data:data66};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
}
else {
const err177 = {instancePath:instancePath+"/spec/framebuffer/slot",schemaPath:"#/properties/spec/properties/framebuffer/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.framebuffer.properties.slot.type,parentSchema:schema12.properties.spec.properties.framebuffer.properties.slot,data:data66};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
}
}
else {
const err178 = {instancePath:instancePath+"/spec/framebuffer",schemaPath:"#/properties/spec/properties/framebuffer/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.framebuffer.type,parentSchema:schema12.properties.spec.properties.framebuffer,data:data59};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
}
if(data8.tablet !== undefined){
let data67 = data8.tablet;
if((typeof data67 !== "boolean") && (!(data67 && typeof data67 == "object" && !Array.isArray(data67)))){
const err179 = {instancePath:instancePath+"/spec/tablet",schemaPath:"#/properties/spec/properties/tablet/type",keyword:"type",params:{type: schema12.properties.spec.properties.tablet.type},message:"must be boolean,object",schema:schema12.properties.spec.properties.tablet.type,parentSchema:schema12.properties.spec.properties.tablet,data:data67};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
if(data67 && typeof data67 == "object" && !Array.isArray(data67)){
for(const key23 in data67){
if(!(key23 === "slot")){
const err180 = {instancePath:instancePath+"/spec/tablet",schemaPath:"#/properties/spec/properties/tablet/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key23},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.tablet,data:data67};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
}
if(data67.slot !== undefined){
let data68 = data67.slot;
if(typeof data68 === "string"){
if(!pattern16.test(data68)){
const err181 = {instancePath:instancePath+"/spec/tablet/slot",schemaPath:"#/properties/spec/properties/tablet/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.tablet.properties.slot,data:data68};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
else {
const err182 = {instancePath:instancePath+"/spec/tablet/slot",schemaPath:"#/properties/spec/properties/tablet/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.tablet.properties.slot.type,parentSchema:schema12.properties.spec.properties.tablet.properties.slot,data:data68};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
}
}
}
if(data8.shares !== undefined){
let data69 = data8.shares;
if(Array.isArray(data69)){
if(data69.length > 16){
const err183 = {instancePath:instancePath+"/spec/shares",schemaPath:"#/properties/spec/properties/shares/maxItems",keyword:"maxItems",params:{limit: 16},message:"must NOT have more than 16 items",schema:16,parentSchema:schema12.properties.spec.properties.shares,data:data69};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
const len4 = data69.length;
for(let i4=0; i4<len4; i4++){
let data70 = data69[i4];
if(data70 && typeof data70 == "object" && !Array.isArray(data70)){
if(data70.name === undefined){
const err184 = {instancePath:instancePath+"/spec/shares/" + i4,schemaPath:"#/definitions/Share/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema29.required,parentSchema:schema29,data:data70};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
if(data70.path === undefined){
const err185 = {instancePath:instancePath+"/spec/shares/" + i4,schemaPath:"#/definitions/Share/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema29.required,parentSchema:schema29,data:data70};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
for(const key24 in data70){
if(!((((key24 === "name") || (key24 === "path")) || (key24 === "readOnly")) || (key24 === "slot"))){
const err186 = {instancePath:instancePath+"/spec/shares/" + i4,schemaPath:"#/definitions/Share/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key24},message:"must NOT have additional properties",schema:false,parentSchema:schema29,data:data70};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
if(data70.name !== undefined){
let data71 = data70.name;
if(typeof data71 === "string"){
if(!pattern44.test(data71)){
const err187 = {instancePath:instancePath+"/spec/shares/" + i4+"/name",schemaPath:"#/definitions/Share/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,31}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,31}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,31}$",parentSchema:schema29.properties.name,data:data71};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
}
else {
const err188 = {instancePath:instancePath+"/spec/shares/" + i4+"/name",schemaPath:"#/definitions/Share/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema29.properties.name.type,parentSchema:schema29.properties.name,data:data71};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
if(data70.path !== undefined){
let data72 = data70.path;
if(typeof data72 === "string"){
if(func2(data72) > 4096){
const err189 = {instancePath:instancePath+"/spec/shares/" + i4+"/path",schemaPath:"#/definitions/Share/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema29.properties.path,data:data72};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
if(func2(data72) < 2){
const err190 = {instancePath:instancePath+"/spec/shares/" + i4+"/path",schemaPath:"#/definitions/Share/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema29.properties.path,data:data72};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
if(!pattern5.test(data72)){
const err191 = {instancePath:instancePath+"/spec/shares/" + i4+"/path",schemaPath:"#/definitions/Share/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema29.properties.path,data:data72};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
}
else {
const err192 = {instancePath:instancePath+"/spec/shares/" + i4+"/path",schemaPath:"#/definitions/Share/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema29.properties.path.type,parentSchema:schema29.properties.path,data:data72};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
if(data70.readOnly !== undefined){
let data73 = data70.readOnly;
if(typeof data73 !== "boolean"){
const err193 = {instancePath:instancePath+"/spec/shares/" + i4+"/readOnly",schemaPath:"#/definitions/Share/properties/readOnly/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema29.properties.readOnly.type,parentSchema:schema29.properties.readOnly,data:data73};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
if(data70.slot !== undefined){
let data74 = data70.slot;
if(typeof data74 === "string"){
if(!pattern16.test(data74)){
const err194 = {instancePath:instancePath+"/spec/shares/" + i4+"/slot",schemaPath:"#/definitions/Share/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema29.properties.slot,data:data74};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
}
else {
const err195 = {instancePath:instancePath+"/spec/shares/" + i4+"/slot",schemaPath:"#/definitions/Share/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema29.properties.slot.type,parentSchema:schema29.properties.slot,data:data74};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
}
else {
const err196 = {instancePath:instancePath+"/spec/shares/" + i4,schemaPath:"#/definitions/Share/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema29.type,parentSchema:schema29,data:data70};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
}
else {
const err197 = {instancePath:instancePath+"/spec/shares",schemaPath:"#/properties/spec/properties/shares/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.shares.type,parentSchema:schema12.properties.spec.properties.shares,data:data69};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
if(data8.passthrough !== undefined){
let data75 = data8.passthrough;
if(Array.isArray(data75)){
if(data75.length > 8){
const err198 = {instancePath:instancePath+"/spec/passthrough",schemaPath:"#/properties/spec/properties/passthrough/maxItems",keyword:"maxItems",params:{limit: 8},message:"must NOT have more than 8 items",schema:8,parentSchema:schema12.properties.spec.properties.passthrough,data:data75};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
const len5 = data75.length;
for(let i5=0; i5<len5; i5++){
let data76 = data75[i5];
if(data76 && typeof data76 == "object" && !Array.isArray(data76)){
if(data76.host === undefined){
const err199 = {instancePath:instancePath+"/spec/passthrough/" + i5,schemaPath:"#/properties/spec/properties/passthrough/items/required",keyword:"required",params:{missingProperty: "host"},message:"must have required property '"+"host"+"'",schema:schema12.properties.spec.properties.passthrough.items.required,parentSchema:schema12.properties.spec.properties.passthrough.items,data:data76};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
for(const key25 in data76){
if(!(((key25 === "host") || (key25 === "rom")) || (key25 === "slot"))){
const err200 = {instancePath:instancePath+"/spec/passthrough/" + i5,schemaPath:"#/properties/spec/properties/passthrough/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key25},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.passthrough.items,data:data76};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
if(data76.host !== undefined){
let data77 = data76.host;
if(typeof data77 === "string"){
if(!pattern47.test(data77)){
const err201 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/host",schemaPath:"#/properties/spec/properties/passthrough/items/properties/host/pattern",keyword:"pattern",params:{pattern: "^[0-9]{1,3}/[0-9]{1,2}/[0-9]$"},message:"must match pattern \""+"^[0-9]{1,3}/[0-9]{1,2}/[0-9]$"+"\"",schema:"^[0-9]{1,3}/[0-9]{1,2}/[0-9]$",parentSchema:schema12.properties.spec.properties.passthrough.items.properties.host,data:data77};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
}
else {
const err202 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/host",schemaPath:"#/properties/spec/properties/passthrough/items/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.passthrough.items.properties.host.type,parentSchema:schema12.properties.spec.properties.passthrough.items.properties.host,data:data77};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
}
if(data76.rom !== undefined){
let data78 = data76.rom;
if(typeof data78 === "string"){
if(func2(data78) > 4096){
const err203 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/rom",schemaPath:"#/properties/spec/properties/passthrough/items/properties/rom/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.passthrough.items.properties.rom,data:data78};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
if(func2(data78) < 2){
const err204 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/rom",schemaPath:"#/properties/spec/properties/passthrough/items/properties/rom/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.passthrough.items.properties.rom,data:data78};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
if(!pattern5.test(data78)){
const err205 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/rom",schemaPath:"#/properties/spec/properties/passthrough/items/properties/rom/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.passthrough.items.properties.rom,data:data78};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
}
else {
const err206 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/rom",schemaPath:"#/properties/spec/properties/passthrough/items/properties/rom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.passthrough.items.properties.rom.type,parentSchema:schema12.properties.spec.properties.passthrough.items.properties.rom,data:data78};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
}
if(data76.slot !== undefined){
let data79 = data76.slot;
if(typeof data79 === "string"){
if(!pattern16.test(data79)){
const err207 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/slot",schemaPath:"#/properties/spec/properties/passthrough/items/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.passthrough.items.properties.slot,data:data79};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
}
else {
const err208 = {instancePath:instancePath+"/spec/passthrough/" + i5+"/slot",schemaPath:"#/properties/spec/properties/passthrough/items/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.passthrough.items.properties.slot.type,parentSchema:schema12.properties.spec.properties.passthrough.items.properties.slot,data:data79};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
}
}
else {
const err209 = {instancePath:instancePath+"/spec/passthrough/" + i5,schemaPath:"#/properties/spec/properties/passthrough/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.passthrough.items.type,parentSchema:schema12.properties.spec.properties.passthrough.items,data:data76};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
}
}
else {
const err210 = {instancePath:instancePath+"/spec/passthrough",schemaPath:"#/properties/spec/properties/passthrough/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.passthrough.type,parentSchema:schema12.properties.spec.properties.passthrough,data:data75};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
}
if(data8.sound !== undefined){
let data80 = data8.sound;
if(data80 && typeof data80 == "object" && !Array.isArray(data80)){
for(const key26 in data80){
if(!(((key26 === "play") || (key26 === "record")) || (key26 === "slot"))){
const err211 = {instancePath:instancePath+"/spec/sound",schemaPath:"#/properties/spec/properties/sound/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key26},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.sound,data:data80};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
}
if(data80.play !== undefined){
let data81 = data80.play;
if(typeof data81 === "string"){
if(func2(data81) > 4096){
const err212 = {instancePath:instancePath+"/spec/sound/play",schemaPath:"#/properties/spec/properties/sound/properties/play/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.sound.properties.play,data:data81};
if(vErrors === null){
vErrors = [err212];
}
else {
vErrors.push(err212);
}
errors++;
}
if(func2(data81) < 2){
const err213 = {instancePath:instancePath+"/spec/sound/play",schemaPath:"#/properties/spec/properties/sound/properties/play/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.sound.properties.play,data:data81};
if(vErrors === null){
vErrors = [err213];
}
else {
vErrors.push(err213);
}
errors++;
}
if(!pattern5.test(data81)){
const err214 = {instancePath:instancePath+"/spec/sound/play",schemaPath:"#/properties/spec/properties/sound/properties/play/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.sound.properties.play,data:data81};
if(vErrors === null){
vErrors = [err214];
}
else {
vErrors.push(err214);
}
errors++;
}
}
else {
const err215 = {instancePath:instancePath+"/spec/sound/play",schemaPath:"#/properties/spec/properties/sound/properties/play/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.sound.properties.play.type,parentSchema:schema12.properties.spec.properties.sound.properties.play,data:data81};
if(vErrors === null){
vErrors = [err215];
}
else {
vErrors.push(err215);
}
errors++;
}
}
if(data80.record !== undefined){
let data82 = data80.record;
if(typeof data82 === "string"){
if(func2(data82) > 4096){
const err216 = {instancePath:instancePath+"/spec/sound/record",schemaPath:"#/properties/spec/properties/sound/properties/record/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.sound.properties.record,data:data82};
if(vErrors === null){
vErrors = [err216];
}
else {
vErrors.push(err216);
}
errors++;
}
if(func2(data82) < 2){
const err217 = {instancePath:instancePath+"/spec/sound/record",schemaPath:"#/properties/spec/properties/sound/properties/record/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.sound.properties.record,data:data82};
if(vErrors === null){
vErrors = [err217];
}
else {
vErrors.push(err217);
}
errors++;
}
if(!pattern5.test(data82)){
const err218 = {instancePath:instancePath+"/spec/sound/record",schemaPath:"#/properties/spec/properties/sound/properties/record/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.sound.properties.record,data:data82};
if(vErrors === null){
vErrors = [err218];
}
else {
vErrors.push(err218);
}
errors++;
}
}
else {
const err219 = {instancePath:instancePath+"/spec/sound/record",schemaPath:"#/properties/spec/properties/sound/properties/record/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.sound.properties.record.type,parentSchema:schema12.properties.spec.properties.sound.properties.record,data:data82};
if(vErrors === null){
vErrors = [err219];
}
else {
vErrors.push(err219);
}
errors++;
}
}
if(data80.slot !== undefined){
let data83 = data80.slot;
if(typeof data83 === "string"){
if(!pattern16.test(data83)){
const err220 = {instancePath:instancePath+"/spec/sound/slot",schemaPath:"#/properties/spec/properties/sound/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.sound.properties.slot,data:data83};
if(vErrors === null){
vErrors = [err220];
}
else {
vErrors.push(err220);
}
errors++;
}
}
else {
const err221 = {instancePath:instancePath+"/spec/sound/slot",schemaPath:"#/properties/spec/properties/sound/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.sound.properties.slot.type,parentSchema:schema12.properties.spec.properties.sound.properties.slot,data:data83};
if(vErrors === null){
vErrors = [err221];
}
else {
vErrors.push(err221);
}
errors++;
}
}
}
else {
const err222 = {instancePath:instancePath+"/spec/sound",schemaPath:"#/properties/spec/properties/sound/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.sound.type,parentSchema:schema12.properties.spec.properties.sound,data:data80};
if(vErrors === null){
vErrors = [err222];
}
else {
vErrors.push(err222);
}
errors++;
}
}
if(data8.hostbridge !== undefined){
let data84 = data8.hostbridge;
if(data84 && typeof data84 == "object" && !Array.isArray(data84)){
for(const key27 in data84){
if(!((key27 === "slot") || (key27 === "amd"))){
const err223 = {instancePath:instancePath+"/spec/hostbridge",schemaPath:"#/properties/spec/properties/hostbridge/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key27},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.hostbridge,data:data84};
if(vErrors === null){
vErrors = [err223];
}
else {
vErrors.push(err223);
}
errors++;
}
}
if(data84.slot !== undefined){
let data85 = data84.slot;
if(typeof data85 === "string"){
if(!pattern16.test(data85)){
const err224 = {instancePath:instancePath+"/spec/hostbridge/slot",schemaPath:"#/properties/spec/properties/hostbridge/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.hostbridge.properties.slot,data:data85};
if(vErrors === null){
vErrors = [err224];
}
else {
vErrors.push(err224);
}
errors++;
}
}
else {
const err225 = {instancePath:instancePath+"/spec/hostbridge/slot",schemaPath:"#/properties/spec/properties/hostbridge/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.hostbridge.properties.slot.type,parentSchema:schema12.properties.spec.properties.hostbridge.properties.slot,data:data85};
if(vErrors === null){
vErrors = [err225];
}
else {
vErrors.push(err225);
}
errors++;
}
}
if(data84.amd !== undefined){
let data86 = data84.amd;
if(typeof data86 !== "boolean"){
const err226 = {instancePath:instancePath+"/spec/hostbridge/amd",schemaPath:"#/properties/spec/properties/hostbridge/properties/amd/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.hostbridge.properties.amd.type,parentSchema:schema12.properties.spec.properties.hostbridge.properties.amd,data:data86};
if(vErrors === null){
vErrors = [err226];
}
else {
vErrors.push(err226);
}
errors++;
}
}
}
else {
const err227 = {instancePath:instancePath+"/spec/hostbridge",schemaPath:"#/properties/spec/properties/hostbridge/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.hostbridge.type,parentSchema:schema12.properties.spec.properties.hostbridge,data:data84};
if(vErrors === null){
vErrors = [err227];
}
else {
vErrors.push(err227);
}
errors++;
}
}
if(data8.lpc !== undefined){
let data87 = data8.lpc;
if(data87 && typeof data87 == "object" && !Array.isArray(data87)){
for(const key28 in data87){
if(!(key28 === "slot")){
const err228 = {instancePath:instancePath+"/spec/lpc",schemaPath:"#/properties/spec/properties/lpc/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key28},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.lpc,data:data87};
if(vErrors === null){
vErrors = [err228];
}
else {
vErrors.push(err228);
}
errors++;
}
}
if(data87.slot !== undefined){
let data88 = data87.slot;
if(typeof data88 === "string"){
if(!pattern16.test(data88)){
const err229 = {instancePath:instancePath+"/spec/lpc/slot",schemaPath:"#/properties/spec/properties/lpc/properties/slot/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"},message:"must match pattern \""+"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$"+"\"",schema:"^([0-9]{1,3}:)?[0-9]{1,2}(:[0-9])?$",parentSchema:schema12.properties.spec.properties.lpc.properties.slot,data:data88};
if(vErrors === null){
vErrors = [err229];
}
else {
vErrors.push(err229);
}
errors++;
}
}
else {
const err230 = {instancePath:instancePath+"/spec/lpc/slot",schemaPath:"#/properties/spec/properties/lpc/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.lpc.properties.slot.type,parentSchema:schema12.properties.spec.properties.lpc.properties.slot,data:data88};
if(vErrors === null){
vErrors = [err230];
}
else {
vErrors.push(err230);
}
errors++;
}
}
}
else {
const err231 = {instancePath:instancePath+"/spec/lpc",schemaPath:"#/properties/spec/properties/lpc/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.lpc.type,parentSchema:schema12.properties.spec.properties.lpc,data:data87};
if(vErrors === null){
vErrors = [err231];
}
else {
vErrors.push(err231);
}
errors++;
}
}
if(data8.testDevice !== undefined){
let data89 = data8.testDevice;
if(typeof data89 !== "boolean"){
const err232 = {instancePath:instancePath+"/spec/testDevice",schemaPath:"#/properties/spec/properties/testDevice/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.testDevice.type,parentSchema:schema12.properties.spec.properties.testDevice,data:data89};
if(vErrors === null){
vErrors = [err232];
}
else {
vErrors.push(err232);
}
errors++;
}
}
if(data8.acpi !== undefined){
let data90 = data8.acpi;
if(typeof data90 !== "boolean"){
const err233 = {instancePath:instancePath+"/spec/acpi",schemaPath:"#/properties/spec/properties/acpi/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.acpi.type,parentSchema:schema12.properties.spec.properties.acpi,data:data90};
if(vErrors === null){
vErrors = [err233];
}
else {
vErrors.push(err233);
}
errors++;
}
}
if(data8.hpet !== undefined){
let data91 = data8.hpet;
if(typeof data91 !== "boolean"){
const err234 = {instancePath:instancePath+"/spec/hpet",schemaPath:"#/properties/spec/properties/hpet/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.hpet.type,parentSchema:schema12.properties.spec.properties.hpet,data:data91};
if(vErrors === null){
vErrors = [err234];
}
else {
vErrors.push(err234);
}
errors++;
}
}
if(data8.x2apic !== undefined){
let data92 = data8.x2apic;
if(typeof data92 !== "boolean"){
const err235 = {instancePath:instancePath+"/spec/x2apic",schemaPath:"#/properties/spec/properties/x2apic/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.x2apic.type,parentSchema:schema12.properties.spec.properties.x2apic,data:data92};
if(vErrors === null){
vErrors = [err235];
}
else {
vErrors.push(err235);
}
errors++;
}
}
if(data8.yieldOnHlt !== undefined){
let data93 = data8.yieldOnHlt;
if(typeof data93 !== "boolean"){
const err236 = {instancePath:instancePath+"/spec/yieldOnHlt",schemaPath:"#/properties/spec/properties/yieldOnHlt/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.yieldOnHlt.type,parentSchema:schema12.properties.spec.properties.yieldOnHlt,data:data93};
if(vErrors === null){
vErrors = [err236];
}
else {
vErrors.push(err236);
}
errors++;
}
}
if(data8.exitOnPause !== undefined){
let data94 = data8.exitOnPause;
if(typeof data94 !== "boolean"){
const err237 = {instancePath:instancePath+"/spec/exitOnPause",schemaPath:"#/properties/spec/properties/exitOnPause/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.exitOnPause.type,parentSchema:schema12.properties.spec.properties.exitOnPause,data:data94};
if(vErrors === null){
vErrors = [err237];
}
else {
vErrors.push(err237);
}
errors++;
}
}
if(data8.rtcUtc !== undefined){
let data95 = data8.rtcUtc;
if(typeof data95 !== "boolean"){
const err238 = {instancePath:instancePath+"/spec/rtcUtc",schemaPath:"#/properties/spec/properties/rtcUtc/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.rtcUtc.type,parentSchema:schema12.properties.spec.properties.rtcUtc,data:data95};
if(vErrors === null){
vErrors = [err238];
}
else {
vErrors.push(err238);
}
errors++;
}
}
if(data8.uuid !== undefined){
let data96 = data8.uuid;
if(typeof data96 === "string"){
if(!pattern55.test(data96)){
const err239 = {instancePath:instancePath+"/spec/uuid",schemaPath:"#/properties/spec/properties/uuid/pattern",keyword:"pattern",params:{pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"},message:"must match pattern \""+"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"+"\"",schema:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",parentSchema:schema12.properties.spec.properties.uuid,data:data96};
if(vErrors === null){
vErrors = [err239];
}
else {
vErrors.push(err239);
}
errors++;
}
}
else {
const err240 = {instancePath:instancePath+"/spec/uuid",schemaPath:"#/properties/spec/properties/uuid/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.uuid.type,parentSchema:schema12.properties.spec.properties.uuid,data:data96};
if(vErrors === null){
vErrors = [err240];
}
else {
vErrors.push(err240);
}
errors++;
}
}
if(data8.ignoreUnimplementedMsrs !== undefined){
let data97 = data8.ignoreUnimplementedMsrs;
if(typeof data97 !== "boolean"){
const err241 = {instancePath:instancePath+"/spec/ignoreUnimplementedMsrs",schemaPath:"#/properties/spec/properties/ignoreUnimplementedMsrs/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.ignoreUnimplementedMsrs.type,parentSchema:schema12.properties.spec.properties.ignoreUnimplementedMsrs,data:data97};
if(vErrors === null){
vErrors = [err241];
}
else {
vErrors.push(err241);
}
errors++;
}
}
if(data8.destroyOnPoweroff !== undefined){
let data98 = data8.destroyOnPoweroff;
if(typeof data98 !== "boolean"){
const err242 = {instancePath:instancePath+"/spec/destroyOnPoweroff",schemaPath:"#/properties/spec/properties/destroyOnPoweroff/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.destroyOnPoweroff.type,parentSchema:schema12.properties.spec.properties.destroyOnPoweroff,data:data98};
if(vErrors === null){
vErrors = [err242];
}
else {
vErrors.push(err242);
}
errors++;
}
}
if(data8.exitOnUnemulatedIo !== undefined){
let data99 = data8.exitOnUnemulatedIo;
if(typeof data99 !== "boolean"){
const err243 = {instancePath:instancePath+"/spec/exitOnUnemulatedIo",schemaPath:"#/properties/spec/properties/exitOnUnemulatedIo/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.exitOnUnemulatedIo.type,parentSchema:schema12.properties.spec.properties.exitOnUnemulatedIo,data:data99};
if(vErrors === null){
vErrors = [err243];
}
else {
vErrors.push(err243);
}
errors++;
}
}
if(data8.coreDumpGuestMemory !== undefined){
let data100 = data8.coreDumpGuestMemory;
if(typeof data100 !== "boolean"){
const err244 = {instancePath:instancePath+"/spec/coreDumpGuestMemory",schemaPath:"#/properties/spec/properties/coreDumpGuestMemory/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.coreDumpGuestMemory.type,parentSchema:schema12.properties.spec.properties.coreDumpGuestMemory,data:data100};
if(vErrors === null){
vErrors = [err244];
}
else {
vErrors.push(err244);
}
errors++;
}
}
if(data8.disableMptable !== undefined){
let data101 = data8.disableMptable;
if(typeof data101 !== "boolean"){
const err245 = {instancePath:instancePath+"/spec/disableMptable",schemaPath:"#/properties/spec/properties/disableMptable/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.disableMptable.type,parentSchema:schema12.properties.spec.properties.disableMptable,data:data101};
if(vErrors === null){
vErrors = [err245];
}
else {
vErrors.push(err245);
}
errors++;
}
}
if(data8.forceMsi !== undefined){
let data102 = data8.forceMsi;
if(typeof data102 !== "boolean"){
const err246 = {instancePath:instancePath+"/spec/forceMsi",schemaPath:"#/properties/spec/properties/forceMsi/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.forceMsi.type,parentSchema:schema12.properties.spec.properties.forceMsi,data:data102};
if(vErrors === null){
vErrors = [err246];
}
else {
vErrors.push(err246);
}
errors++;
}
}
if(data8.gdb !== undefined){
let data103 = data8.gdb;
if(data103 && typeof data103 == "object" && !Array.isArray(data103)){
if(data103.port === undefined){
const err247 = {instancePath:instancePath+"/spec/gdb",schemaPath:"#/properties/spec/properties/gdb/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'",schema:schema12.properties.spec.properties.gdb.required,parentSchema:schema12.properties.spec.properties.gdb,data:data103};
if(vErrors === null){
vErrors = [err247];
}
else {
vErrors.push(err247);
}
errors++;
}
for(const key29 in data103){
if(!(((key29 === "port") || (key29 === "waitForAttach")) || (key29 === "address"))){
const err248 = {instancePath:instancePath+"/spec/gdb",schemaPath:"#/properties/spec/properties/gdb/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key29},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.gdb,data:data103};
if(vErrors === null){
vErrors = [err248];
}
else {
vErrors.push(err248);
}
errors++;
}
}
if(data103.port !== undefined){
let data104 = data103.port;
if(!(((typeof data104 == "number") && (!(data104 % 1) && !isNaN(data104))) && (isFinite(data104)))){
const err249 = {instancePath:instancePath+"/spec/gdb/port",schemaPath:"#/properties/spec/properties/gdb/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.gdb.properties.port.type,parentSchema:schema12.properties.spec.properties.gdb.properties.port,data:data104};
if(vErrors === null){
vErrors = [err249];
}
else {
vErrors.push(err249);
}
errors++;
}
if((typeof data104 == "number") && (isFinite(data104))){
if(data104 > 65535 || isNaN(data104)){
const err250 = {instancePath:instancePath+"/spec/gdb/port",schemaPath:"#/properties/spec/properties/gdb/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema12.properties.spec.properties.gdb.properties.port,data:data104};
if(vErrors === null){
vErrors = [err250];
}
else {
vErrors.push(err250);
}
errors++;
}
if(data104 < 1 || isNaN(data104)){
const err251 = {instancePath:instancePath+"/spec/gdb/port",schemaPath:"#/properties/spec/properties/gdb/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.gdb.properties.port,data:data104};
if(vErrors === null){
vErrors = [err251];
}
else {
vErrors.push(err251);
}
errors++;
}
}
}
if(data103.waitForAttach !== undefined){
let data105 = data103.waitForAttach;
if(typeof data105 !== "boolean"){
const err252 = {instancePath:instancePath+"/spec/gdb/waitForAttach",schemaPath:"#/properties/spec/properties/gdb/properties/waitForAttach/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.gdb.properties.waitForAttach.type,parentSchema:schema12.properties.spec.properties.gdb.properties.waitForAttach,data:data105};
if(vErrors === null){
vErrors = [err252];
}
else {
vErrors.push(err252);
}
errors++;
}
}
if(data103.address !== undefined){
let data106 = data103.address;
if(typeof data106 === "string"){
if(!pattern56.test(data106)){
const err253 = {instancePath:instancePath+"/spec/gdb/address",schemaPath:"#/properties/spec/properties/gdb/properties/address/pattern",keyword:"pattern",params:{pattern: "^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$"},message:"must match pattern \""+"^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$"+"\"",schema:"^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$",parentSchema:schema12.properties.spec.properties.gdb.properties.address,data:data106};
if(vErrors === null){
vErrors = [err253];
}
else {
vErrors.push(err253);
}
errors++;
}
}
else {
const err254 = {instancePath:instancePath+"/spec/gdb/address",schemaPath:"#/properties/spec/properties/gdb/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.gdb.properties.address.type,parentSchema:schema12.properties.spec.properties.gdb.properties.address,data:data106};
if(vErrors === null){
vErrors = [err254];
}
else {
vErrors.push(err254);
}
errors++;
}
}
}
else {
const err255 = {instancePath:instancePath+"/spec/gdb",schemaPath:"#/properties/spec/properties/gdb/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.gdb.type,parentSchema:schema12.properties.spec.properties.gdb,data:data103};
if(vErrors === null){
vErrors = [err255];
}
else {
vErrors.push(err255);
}
errors++;
}
}
if(data8.run !== undefined){
let data107 = data8.run;
if(!((((data107 === "Always") || (data107 === "OnFailure")) || (data107 === "Once")) || (data107 === "Halted"))){
const err256 = {instancePath:instancePath+"/spec/run",schemaPath:"#/properties/spec/properties/run/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.run.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.run.enum,parentSchema:schema12.properties.spec.properties.run,data:data107};
if(vErrors === null){
vErrors = [err256];
}
else {
vErrors.push(err256);
}
errors++;
}
}
if(data8.restartPolicy !== undefined){
let data108 = data8.restartPolicy;
if(data108 && typeof data108 == "object" && !Array.isArray(data108)){
for(const key30 in data108){
if(!(func4.call(schema12.properties.spec.properties.restartPolicy.properties, key30))){
const err257 = {instancePath:instancePath+"/spec/restartPolicy",schemaPath:"#/properties/spec/properties/restartPolicy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key30},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.restartPolicy,data:data108};
if(vErrors === null){
vErrors = [err257];
}
else {
vErrors.push(err257);
}
errors++;
}
}
if(data108.onReboot !== undefined){
let data109 = data108.onReboot;
if(!(((data109 === "restart") || (data109 === "restartWithBackoff")) || (data109 === "stop"))){
const err258 = {instancePath:instancePath+"/spec/restartPolicy/onReboot",schemaPath:"#/properties/spec/properties/restartPolicy/properties/onReboot/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.restartPolicy.properties.onReboot.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.restartPolicy.properties.onReboot.enum,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.onReboot,data:data109};
if(vErrors === null){
vErrors = [err258];
}
else {
vErrors.push(err258);
}
errors++;
}
}
if(data108.onPoweroff !== undefined){
let data110 = data108.onPoweroff;
if(!(((data110 === "restart") || (data110 === "restartWithBackoff")) || (data110 === "stop"))){
const err259 = {instancePath:instancePath+"/spec/restartPolicy/onPoweroff",schemaPath:"#/properties/spec/properties/restartPolicy/properties/onPoweroff/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.restartPolicy.properties.onPoweroff.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.restartPolicy.properties.onPoweroff.enum,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.onPoweroff,data:data110};
if(vErrors === null){
vErrors = [err259];
}
else {
vErrors.push(err259);
}
errors++;
}
}
if(data108.onHalt !== undefined){
let data111 = data108.onHalt;
if(!(((data111 === "restart") || (data111 === "restartWithBackoff")) || (data111 === "stop"))){
const err260 = {instancePath:instancePath+"/spec/restartPolicy/onHalt",schemaPath:"#/properties/spec/properties/restartPolicy/properties/onHalt/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.restartPolicy.properties.onHalt.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.restartPolicy.properties.onHalt.enum,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.onHalt,data:data111};
if(vErrors === null){
vErrors = [err260];
}
else {
vErrors.push(err260);
}
errors++;
}
}
if(data108.onTripleFault !== undefined){
let data112 = data108.onTripleFault;
if(!(((data112 === "restart") || (data112 === "restartWithBackoff")) || (data112 === "stop"))){
const err261 = {instancePath:instancePath+"/spec/restartPolicy/onTripleFault",schemaPath:"#/properties/spec/properties/restartPolicy/properties/onTripleFault/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.restartPolicy.properties.onTripleFault.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.restartPolicy.properties.onTripleFault.enum,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.onTripleFault,data:data112};
if(vErrors === null){
vErrors = [err261];
}
else {
vErrors.push(err261);
}
errors++;
}
}
if(data108.onError !== undefined){
let data113 = data108.onError;
if(!(((data113 === "restart") || (data113 === "restartWithBackoff")) || (data113 === "stop"))){
const err262 = {instancePath:instancePath+"/spec/restartPolicy/onError",schemaPath:"#/properties/spec/properties/restartPolicy/properties/onError/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.restartPolicy.properties.onError.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.restartPolicy.properties.onError.enum,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.onError,data:data113};
if(vErrors === null){
vErrors = [err262];
}
else {
vErrors.push(err262);
}
errors++;
}
}
if(data108.backoffInitial !== undefined){
let data114 = data108.backoffInitial;
if(typeof data114 === "string"){
if(!pattern57.test(data114)){
const err263 = {instancePath:instancePath+"/spec/restartPolicy/backoffInitial",schemaPath:"#/properties/spec/properties/restartPolicy/properties/backoffInitial/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.restartPolicy.properties.backoffInitial,data:data114};
if(vErrors === null){
vErrors = [err263];
}
else {
vErrors.push(err263);
}
errors++;
}
}
else {
const err264 = {instancePath:instancePath+"/spec/restartPolicy/backoffInitial",schemaPath:"#/properties/spec/properties/restartPolicy/properties/backoffInitial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.restartPolicy.properties.backoffInitial.type,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.backoffInitial,data:data114};
if(vErrors === null){
vErrors = [err264];
}
else {
vErrors.push(err264);
}
errors++;
}
}
if(data108.backoffMax !== undefined){
let data115 = data108.backoffMax;
if(typeof data115 === "string"){
if(!pattern57.test(data115)){
const err265 = {instancePath:instancePath+"/spec/restartPolicy/backoffMax",schemaPath:"#/properties/spec/properties/restartPolicy/properties/backoffMax/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.restartPolicy.properties.backoffMax,data:data115};
if(vErrors === null){
vErrors = [err265];
}
else {
vErrors.push(err265);
}
errors++;
}
}
else {
const err266 = {instancePath:instancePath+"/spec/restartPolicy/backoffMax",schemaPath:"#/properties/spec/properties/restartPolicy/properties/backoffMax/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.restartPolicy.properties.backoffMax.type,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.backoffMax,data:data115};
if(vErrors === null){
vErrors = [err266];
}
else {
vErrors.push(err266);
}
errors++;
}
}
if(data108.crashLoopRestarts !== undefined){
let data116 = data108.crashLoopRestarts;
if(!(((typeof data116 == "number") && (!(data116 % 1) && !isNaN(data116))) && (isFinite(data116)))){
const err267 = {instancePath:instancePath+"/spec/restartPolicy/crashLoopRestarts",schemaPath:"#/properties/spec/properties/restartPolicy/properties/crashLoopRestarts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopRestarts.type,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopRestarts,data:data116};
if(vErrors === null){
vErrors = [err267];
}
else {
vErrors.push(err267);
}
errors++;
}
if((typeof data116 == "number") && (isFinite(data116))){
if(data116 > 1000 || isNaN(data116)){
const err268 = {instancePath:instancePath+"/spec/restartPolicy/crashLoopRestarts",schemaPath:"#/properties/spec/properties/restartPolicy/properties/crashLoopRestarts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopRestarts,data:data116};
if(vErrors === null){
vErrors = [err268];
}
else {
vErrors.push(err268);
}
errors++;
}
if(data116 < 1 || isNaN(data116)){
const err269 = {instancePath:instancePath+"/spec/restartPolicy/crashLoopRestarts",schemaPath:"#/properties/spec/properties/restartPolicy/properties/crashLoopRestarts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopRestarts,data:data116};
if(vErrors === null){
vErrors = [err269];
}
else {
vErrors.push(err269);
}
errors++;
}
}
}
if(data108.crashLoopWindow !== undefined){
let data117 = data108.crashLoopWindow;
if(typeof data117 === "string"){
if(!pattern57.test(data117)){
const err270 = {instancePath:instancePath+"/spec/restartPolicy/crashLoopWindow",schemaPath:"#/properties/spec/properties/restartPolicy/properties/crashLoopWindow/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopWindow,data:data117};
if(vErrors === null){
vErrors = [err270];
}
else {
vErrors.push(err270);
}
errors++;
}
}
else {
const err271 = {instancePath:instancePath+"/spec/restartPolicy/crashLoopWindow",schemaPath:"#/properties/spec/properties/restartPolicy/properties/crashLoopWindow/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopWindow.type,parentSchema:schema12.properties.spec.properties.restartPolicy.properties.crashLoopWindow,data:data117};
if(vErrors === null){
vErrors = [err271];
}
else {
vErrors.push(err271);
}
errors++;
}
}
}
else {
const err272 = {instancePath:instancePath+"/spec/restartPolicy",schemaPath:"#/properties/spec/properties/restartPolicy/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.restartPolicy.type,parentSchema:schema12.properties.spec.properties.restartPolicy,data:data108};
if(vErrors === null){
vErrors = [err272];
}
else {
vErrors.push(err272);
}
errors++;
}
}
if(data8.autostart !== undefined){
let data118 = data8.autostart;
if(data118 && typeof data118 == "object" && !Array.isArray(data118)){
for(const key31 in data118){
if(!(((((key31 === "enabled") || (key31 === "order")) || (key31 === "delay")) || (key31 === "after")) || (key31 === "onHostShutdown"))){
const err273 = {instancePath:instancePath+"/spec/autostart",schemaPath:"#/properties/spec/properties/autostart/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key31},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.autostart,data:data118};
if(vErrors === null){
vErrors = [err273];
}
else {
vErrors.push(err273);
}
errors++;
}
}
if(data118.enabled !== undefined){
let data119 = data118.enabled;
if(typeof data119 !== "boolean"){
const err274 = {instancePath:instancePath+"/spec/autostart/enabled",schemaPath:"#/properties/spec/properties/autostart/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.spec.properties.autostart.properties.enabled.type,parentSchema:schema12.properties.spec.properties.autostart.properties.enabled,data:data119};
if(vErrors === null){
vErrors = [err274];
}
else {
vErrors.push(err274);
}
errors++;
}
}
if(data118.order !== undefined){
let data120 = data118.order;
if(!(((typeof data120 == "number") && (!(data120 % 1) && !isNaN(data120))) && (isFinite(data120)))){
const err275 = {instancePath:instancePath+"/spec/autostart/order",schemaPath:"#/properties/spec/properties/autostart/properties/order/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.spec.properties.autostart.properties.order.type,parentSchema:schema12.properties.spec.properties.autostart.properties.order,data:data120};
if(vErrors === null){
vErrors = [err275];
}
else {
vErrors.push(err275);
}
errors++;
}
if((typeof data120 == "number") && (isFinite(data120))){
if(data120 > 100000 || isNaN(data120)){
const err276 = {instancePath:instancePath+"/spec/autostart/order",schemaPath:"#/properties/spec/properties/autostart/properties/order/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema12.properties.spec.properties.autostart.properties.order,data:data120};
if(vErrors === null){
vErrors = [err276];
}
else {
vErrors.push(err276);
}
errors++;
}
if(data120 < 0 || isNaN(data120)){
const err277 = {instancePath:instancePath+"/spec/autostart/order",schemaPath:"#/properties/spec/properties/autostart/properties/order/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12.properties.spec.properties.autostart.properties.order,data:data120};
if(vErrors === null){
vErrors = [err277];
}
else {
vErrors.push(err277);
}
errors++;
}
}
}
if(data118.delay !== undefined){
let data121 = data118.delay;
if(typeof data121 === "string"){
if(!pattern57.test(data121)){
const err278 = {instancePath:instancePath+"/spec/autostart/delay",schemaPath:"#/properties/spec/properties/autostart/properties/delay/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.autostart.properties.delay,data:data121};
if(vErrors === null){
vErrors = [err278];
}
else {
vErrors.push(err278);
}
errors++;
}
}
else {
const err279 = {instancePath:instancePath+"/spec/autostart/delay",schemaPath:"#/properties/spec/properties/autostart/properties/delay/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.autostart.properties.delay.type,parentSchema:schema12.properties.spec.properties.autostart.properties.delay,data:data121};
if(vErrors === null){
vErrors = [err279];
}
else {
vErrors.push(err279);
}
errors++;
}
}
if(data118.after !== undefined){
let data122 = data118.after;
if(Array.isArray(data122)){
const len6 = data122.length;
for(let i6=0; i6<len6; i6++){
let data123 = data122[i6];
const _errs313 = errors;
let valid55 = false;
let passing0 = null;
const _errs314 = errors;
if(typeof data123 === "string"){
if(!pattern0.test(data123)){
const err280 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/0/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[0],data:data123};
if(vErrors === null){
vErrors = [err280];
}
else {
vErrors.push(err280);
}
errors++;
}
}
else {
const err281 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[0].type,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[0],data:data123};
if(vErrors === null){
vErrors = [err281];
}
else {
vErrors.push(err281);
}
errors++;
}
var _valid0 = _errs314 === errors;
if(_valid0){
valid55 = true;
passing0 = 0;
}
const _errs317 = errors;
if(data123 && typeof data123 == "object" && !Array.isArray(data123)){
if(data123.vm === undefined){
const err282 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/required",keyword:"required",params:{missingProperty: "vm"},message:"must have required property '"+"vm"+"'",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].required,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1],data:data123};
if(vErrors === null){
vErrors = [err282];
}
else {
vErrors.push(err282);
}
errors++;
}
if(data123.ready === undefined){
const err283 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/required",keyword:"required",params:{missingProperty: "ready"},message:"must have required property '"+"ready"+"'",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].required,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1],data:data123};
if(vErrors === null){
vErrors = [err283];
}
else {
vErrors.push(err283);
}
errors++;
}
for(const key32 in data123){
if(!(((key32 === "vm") || (key32 === "ready")) || (key32 === "timeout"))){
const err284 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key32},message:"must NOT have additional properties",schema:false,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1],data:data123};
if(vErrors === null){
vErrors = [err284];
}
else {
vErrors.push(err284);
}
errors++;
}
}
if(data123.vm !== undefined){
let data124 = data123.vm;
if(typeof data124 === "string"){
if(!pattern0.test(data124)){
const err285 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/vm",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/vm/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.vm,data:data124};
if(vErrors === null){
vErrors = [err285];
}
else {
vErrors.push(err285);
}
errors++;
}
}
else {
const err286 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/vm",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/vm/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.vm.type,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.vm,data:data124};
if(vErrors === null){
vErrors = [err286];
}
else {
vErrors.push(err286);
}
errors++;
}
}
if(data123.ready !== undefined){
let data125 = data123.ready;
if(typeof data125 === "string"){
if(!pattern63.test(data125)){
const err287 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/ready",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/ready/pattern",keyword:"pattern",params:{pattern: "^(running|address|ssh|serial:.+)$"},message:"must match pattern \""+"^(running|address|ssh|serial:.+)$"+"\"",schema:"^(running|address|ssh|serial:.+)$",parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.ready,data:data125};
if(vErrors === null){
vErrors = [err287];
}
else {
vErrors.push(err287);
}
errors++;
}
}
else {
const err288 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/ready",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/ready/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.ready.type,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.ready,data:data125};
if(vErrors === null){
vErrors = [err288];
}
else {
vErrors.push(err288);
}
errors++;
}
}
if(data123.timeout !== undefined){
let data126 = data123.timeout;
if(typeof data126 === "string"){
if(!pattern57.test(data126)){
const err289 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/timeout",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.timeout,data:data126};
if(vErrors === null){
vErrors = [err289];
}
else {
vErrors.push(err289);
}
errors++;
}
}
else {
const err290 = {instancePath:instancePath+"/spec/autostart/after/" + i6+"/timeout",schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.timeout.type,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].properties.timeout,data:data126};
if(vErrors === null){
vErrors = [err290];
}
else {
vErrors.push(err290);
}
errors++;
}
}
}
else {
const err291 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1].type,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf[1],data:data123};
if(vErrors === null){
vErrors = [err291];
}
else {
vErrors.push(err291);
}
errors++;
}
var _valid0 = _errs317 === errors;
if(_valid0 && valid55){
valid55 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid55 = true;
passing0 = 1;
}
}
if(!valid55){
const err292 = {instancePath:instancePath+"/spec/autostart/after/" + i6,schemaPath:"#/properties/spec/properties/autostart/properties/after/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema12.properties.spec.properties.autostart.properties.after.items.oneOf,parentSchema:schema12.properties.spec.properties.autostart.properties.after.items,data:data123};
if(vErrors === null){
vErrors = [err292];
}
else {
vErrors.push(err292);
}
errors++;
}
else {
errors = _errs313;
if(vErrors !== null){
if(_errs313){
vErrors.length = _errs313;
}
else {
vErrors = null;
}
}
}
}
let i7 = data122.length;
let j0;
if(i7 > 1){
outer0:
for(;i7--;){
for(j0 = i7; j0--;){
if(func0(data122[i7], data122[j0])){
const err293 = {instancePath:instancePath+"/spec/autostart/after",schemaPath:"#/properties/spec/properties/autostart/properties/after/uniqueItems",keyword:"uniqueItems",params:{i: i7, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i7+" are identical)",schema:true,parentSchema:schema12.properties.spec.properties.autostart.properties.after,data:data122};
if(vErrors === null){
vErrors = [err293];
}
else {
vErrors.push(err293);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err294 = {instancePath:instancePath+"/spec/autostart/after",schemaPath:"#/properties/spec/properties/autostart/properties/after/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema12.properties.spec.properties.autostart.properties.after.type,parentSchema:schema12.properties.spec.properties.autostart.properties.after,data:data122};
if(vErrors === null){
vErrors = [err294];
}
else {
vErrors.push(err294);
}
errors++;
}
}
if(data118.onHostShutdown !== undefined){
let data127 = data118.onHostShutdown;
if(!((data127 === "stop") || (data127 === "suspend"))){
const err295 = {instancePath:instancePath+"/spec/autostart/onHostShutdown",schemaPath:"#/properties/spec/properties/autostart/properties/onHostShutdown/enum",keyword:"enum",params:{allowedValues: schema12.properties.spec.properties.autostart.properties.onHostShutdown.enum},message:"must be equal to one of the allowed values",schema:schema12.properties.spec.properties.autostart.properties.onHostShutdown.enum,parentSchema:schema12.properties.spec.properties.autostart.properties.onHostShutdown,data:data127};
if(vErrors === null){
vErrors = [err295];
}
else {
vErrors.push(err295);
}
errors++;
}
}
}
else {
const err296 = {instancePath:instancePath+"/spec/autostart",schemaPath:"#/properties/spec/properties/autostart/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.properties.autostart.type,parentSchema:schema12.properties.spec.properties.autostart,data:data118};
if(vErrors === null){
vErrors = [err296];
}
else {
vErrors.push(err296);
}
errors++;
}
}
if(data8.stopTimeout !== undefined){
let data128 = data8.stopTimeout;
if(typeof data128 === "string"){
if(!pattern57.test(data128)){
const err297 = {instancePath:instancePath+"/spec/stopTimeout",schemaPath:"#/properties/spec/properties/stopTimeout/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema12.properties.spec.properties.stopTimeout,data:data128};
if(vErrors === null){
vErrors = [err297];
}
else {
vErrors.push(err297);
}
errors++;
}
}
else {
const err298 = {instancePath:instancePath+"/spec/stopTimeout",schemaPath:"#/properties/spec/properties/stopTimeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.stopTimeout.type,parentSchema:schema12.properties.spec.properties.stopTimeout,data:data128};
if(vErrors === null){
vErrors = [err298];
}
else {
vErrors.push(err298);
}
errors++;
}
}
if(data8.restoreFrom !== undefined){
let data129 = data8.restoreFrom;
if(typeof data129 === "string"){
if(func2(data129) > 4096){
const err299 = {instancePath:instancePath+"/spec/restoreFrom",schemaPath:"#/properties/spec/properties/restoreFrom/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema12.properties.spec.properties.restoreFrom,data:data129};
if(vErrors === null){
vErrors = [err299];
}
else {
vErrors.push(err299);
}
errors++;
}
if(func2(data129) < 2){
const err300 = {instancePath:instancePath+"/spec/restoreFrom",schemaPath:"#/properties/spec/properties/restoreFrom/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema12.properties.spec.properties.restoreFrom,data:data129};
if(vErrors === null){
vErrors = [err300];
}
else {
vErrors.push(err300);
}
errors++;
}
if(!pattern5.test(data129)){
const err301 = {instancePath:instancePath+"/spec/restoreFrom",schemaPath:"#/properties/spec/properties/restoreFrom/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema12.properties.spec.properties.restoreFrom,data:data129};
if(vErrors === null){
vErrors = [err301];
}
else {
vErrors.push(err301);
}
errors++;
}
}
else {
const err302 = {instancePath:instancePath+"/spec/restoreFrom",schemaPath:"#/properties/spec/properties/restoreFrom/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.spec.properties.restoreFrom.type,parentSchema:schema12.properties.spec.properties.restoreFrom,data:data129};
if(vErrors === null){
vErrors = [err302];
}
else {
vErrors.push(err302);
}
errors++;
}
}
if(data8.placement !== undefined){
let data130 = data8.placement;
if(data130 && typeof data130 == "object" && !Array.isArray(data130)){
for(const key33 in data130){
if(!((key33 === "hosts") || (key33 === "hostSelector"))){
const err303 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key33},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data130};
if(vErrors === null){
vErrors = [err303];
}
else {
vErrors.push(err303);
}
errors++;
}
}
if(data130.hosts !== undefined){
let data131 = data130.hosts;
if(Array.isArray(data131)){
const len7 = data131.length;
for(let i8=0; i8<len7; i8++){
let data132 = data131[i8];
if(typeof data132 === "string"){
if(func2(data132) > 253){
const err304 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema30.properties.hosts.items,data:data132};
if(vErrors === null){
vErrors = [err304];
}
else {
vErrors.push(err304);
}
errors++;
}
if(func2(data132) < 1){
const err305 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema30.properties.hosts.items,data:data132};
if(vErrors === null){
vErrors = [err305];
}
else {
vErrors.push(err305);
}
errors++;
}
}
else {
const err306 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hosts.items.type,parentSchema:schema30.properties.hosts.items,data:data132};
if(vErrors === null){
vErrors = [err306];
}
else {
vErrors.push(err306);
}
errors++;
}
}
let i9 = data131.length;
let j1;
if(i9 > 1){
const indices0 = {};
for(;i9--;){
let item0 = data131[i9];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j1 = indices0[item0];
const err307 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/uniqueItems",keyword:"uniqueItems",params:{i: i9, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i9+" are identical)",schema:true,parentSchema:schema30.properties.hosts,data:data131};
if(vErrors === null){
vErrors = [err307];
}
else {
vErrors.push(err307);
}
errors++;
break;
}
indices0[item0] = i9;
}
}
}
else {
const err308 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema30.properties.hosts.type,parentSchema:schema30.properties.hosts,data:data131};
if(vErrors === null){
vErrors = [err308];
}
else {
vErrors.push(err308);
}
errors++;
}
}
if(data130.hostSelector !== undefined){
let data133 = data130.hostSelector;
if(data133 && typeof data133 == "object" && !Array.isArray(data133)){
for(const key34 in data133){
const _errs346 = errors;
if(typeof key34 === "string"){
if(!pattern1.test(key34)){
const err309 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema30.properties.hostSelector.propertyNames,data:key34,propertyName:key34};
if(vErrors === null){
vErrors = [err309];
}
else {
vErrors.push(err309);
}
errors++;
}
}
var valid63 = _errs346 === errors;
if(!valid63){
const err310 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames",keyword:"propertyNames",params:{propertyName: key34},message:"property name must be valid",schema:schema30.properties.hostSelector.propertyNames,parentSchema:schema30.properties.hostSelector,data:data133};
if(vErrors === null){
vErrors = [err310];
}
else {
vErrors.push(err310);
}
errors++;
}
}
for(const key35 in data133){
let data134 = data133[key35];
if(typeof data134 === "string"){
if(func2(data134) > 1024){
const err311 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key35.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data134};
if(vErrors === null){
vErrors = [err311];
}
else {
vErrors.push(err311);
}
errors++;
}
}
else {
const err312 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key35.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hostSelector.additionalProperties.type,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data134};
if(vErrors === null){
vErrors = [err312];
}
else {
vErrors.push(err312);
}
errors++;
}
}
}
else {
const err313 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.hostSelector.type,parentSchema:schema30.properties.hostSelector,data:data133};
if(vErrors === null){
vErrors = [err313];
}
else {
vErrors.push(err313);
}
errors++;
}
}
}
else {
const err314 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data130};
if(vErrors === null){
vErrors = [err314];
}
else {
vErrors.push(err314);
}
errors++;
}
}
if(data8.cloudInit !== undefined){
if(!(validate18(data8.cloudInit, {instancePath:instancePath+"/spec/cloudInit",parentData:data8,parentDataProperty:"cloudInit",rootData}))){
vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
errors = vErrors.length;
}
}
}
else {
const err315 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.properties.spec.type,parentSchema:schema12.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err315];
}
else {
vErrors.push(err315);
}
errors++;
}
}
}
else {
const err316 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err316];
}
else {
vErrors.push(err316);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

const schema33 = {"type":"object","description":"A Bridge document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Bridge","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A host bridge, as `ifconfig bridge0 create; ifconfig bridge0 addm igb0 up` or `ip link add … type bridge`.","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"members":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"description":"Uplink interfaces enslaved to the bridge (`addm`). They must exist."},"addresses":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$","x-message":"expected an address with prefix length such as 10.20.0.1/24"},"description":"Addresses (CIDR) on the bridge."},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU. Default 1500."},"adopt":{"type":"boolean","description":"Manage this interface although tshyve did not create it."},"nat":{"oneOf":[{"type":"boolean"},{"$ref":"#/definitions/BridgeNat"}],"description":"Masquerade the bridge's IPv4 subnet out of the host's default route (`true`) or out of named uplinks, with rules in tshyve's own nftables table `inet tshyve`; sets net.ipv4.ip_forward."},"dhcp":{"oneOf":[{"type":"boolean"},{"$ref":"#/definitions/BridgeDhcp"}],"description":"Serve DHCP (and DNS forwarding) on this bridge with a dnsmasq of its own, bound to this bridge only, with a static lease for every VM NIC on it. `true`: the defaults. Needs an IPv4 address in `addresses`."},"placement":{"$ref":"#/definitions/Placement"}},"required":["name"]}},"required":["apiVersion","kind","metadata","spec"]};
const schema35 = {"title":"BridgeNat","type":"object","additionalProperties":false,"description":"Outbound NAT (masquerade) for a bridge's subnet.","properties":{"uplinks":{"type":"array","uniqueItems":true,"minItems":1,"items":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"description":"Host interfaces to masquerade out of. Default: the interface of the host's default route."}}};
const schema36 = {"title":"BridgeDhcp","type":"object","additionalProperties":false,"description":"The DHCP service of a bridge.","properties":{"range":{"type":"string","pattern":"^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$","x-message":"expected an address range such as 10.20.0.100-10.20.0.199","description":"Dynamic addresses handed out to unknown clients, `first-last` inside the bridge's subnet. Default: the upper half of the subnet.","examples":["10.20.0.100-10.20.0.199"]},"leaseTime":{"type":"string","pattern":"^([0-9]+(ms|s|m|h))+$","x-message":"expected a duration such as 500ms, 30s, 5m or 1h30m","examples":["30m","12h"],"description":"Lease duration. Default 1h."},"dns":{"type":"array","uniqueItems":true,"items":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$","x-message":"expected an IPv4 address such as 10.20.0.10"},"description":"DNS servers announced to guests. Default: the bridge's own address (dnsmasq forwards to the host's resolvers)."}}};
const pattern80 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$", "u");
const pattern82 = new RegExp("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$", "u");
const pattern84 = new RegExp("^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$", "u");

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema33.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Bridge" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Bridge"},message:"must be equal to constant",schema:"Bridge",parentSchema:schema33.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.name === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema33.properties.spec.required,parentSchema:schema33.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key6 in data8){
if(!((((((((key6 === "name") || (key6 === "members")) || (key6 === "addresses")) || (key6 === "mtu")) || (key6 === "adopt")) || (key6 === "nat")) || (key6 === "dhcp")) || (key6 === "placement"))){
const err23 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data8.name !== undefined){
let data9 = data8.name;
if(typeof data9 === "string"){
if(func2(data9) > 15){
const err24 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/maxLength",keyword:"maxLength",params:{limit: 15},message:"must NOT have more than 15 characters",schema:15,parentSchema:schema33.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(!pattern80.test(data9)){
const err25 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$",parentSchema:schema33.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.spec.properties.name.type,parentSchema:schema33.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data8.members !== undefined){
let data10 = data8.members;
if(Array.isArray(data10)){
const len0 = data10.length;
for(let i0=0; i0<len0; i0++){
let data11 = data10[i0];
if(typeof data11 === "string"){
if(func2(data11) > 15){
const err27 = {instancePath:instancePath+"/spec/members/" + i0,schemaPath:"#/properties/spec/properties/members/items/maxLength",keyword:"maxLength",params:{limit: 15},message:"must NOT have more than 15 characters",schema:15,parentSchema:schema33.properties.spec.properties.members.items,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(!pattern80.test(data11)){
const err28 = {instancePath:instancePath+"/spec/members/" + i0,schemaPath:"#/properties/spec/properties/members/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$",parentSchema:schema33.properties.spec.properties.members.items,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/spec/members/" + i0,schemaPath:"#/properties/spec/properties/members/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.spec.properties.members.items.type,parentSchema:schema33.properties.spec.properties.members.items,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
let i1 = data10.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data10[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err30 = {instancePath:instancePath+"/spec/members",schemaPath:"#/properties/spec/properties/members/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema33.properties.spec.properties.members,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err31 = {instancePath:instancePath+"/spec/members",schemaPath:"#/properties/spec/properties/members/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.spec.properties.members.type,parentSchema:schema33.properties.spec.properties.members,data:data10};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data8.addresses !== undefined){
let data12 = data8.addresses;
if(Array.isArray(data12)){
const len1 = data12.length;
for(let i2=0; i2<len1; i2++){
let data13 = data12[i2];
if(typeof data13 === "string"){
if(!pattern82.test(data13)){
const err32 = {instancePath:instancePath+"/spec/addresses/" + i2,schemaPath:"#/properties/spec/properties/addresses/items/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$"},message:"must match pattern \""+"^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$"+"\"",schema:"^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:]+/[0-9]{1,3}$",parentSchema:schema33.properties.spec.properties.addresses.items,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/spec/addresses/" + i2,schemaPath:"#/properties/spec/properties/addresses/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.spec.properties.addresses.items.type,parentSchema:schema33.properties.spec.properties.addresses.items,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
let i3 = data12.length;
let j1;
if(i3 > 1){
const indices1 = {};
for(;i3--;){
let item1 = data12[i3];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j1 = indices1[item1];
const err34 = {instancePath:instancePath+"/spec/addresses",schemaPath:"#/properties/spec/properties/addresses/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i3+" are identical)",schema:true,parentSchema:schema33.properties.spec.properties.addresses,data:data12};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
break;
}
indices1[item1] = i3;
}
}
}
else {
const err35 = {instancePath:instancePath+"/spec/addresses",schemaPath:"#/properties/spec/properties/addresses/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.spec.properties.addresses.type,parentSchema:schema33.properties.spec.properties.addresses,data:data12};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data8.mtu !== undefined){
let data14 = data8.mtu;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err36 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.spec.properties.mtu.type,parentSchema:schema33.properties.spec.properties.mtu,data:data14};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 65535 || isNaN(data14)){
const err37 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema33.properties.spec.properties.mtu,data:data14};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data14 < 68 || isNaN(data14)){
const err38 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68",schema:68,parentSchema:schema33.properties.spec.properties.mtu,data:data14};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
if(data8.adopt !== undefined){
let data15 = data8.adopt;
if(typeof data15 !== "boolean"){
const err39 = {instancePath:instancePath+"/spec/adopt",schemaPath:"#/properties/spec/properties/adopt/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.spec.properties.adopt.type,parentSchema:schema33.properties.spec.properties.adopt,data:data15};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data8.nat !== undefined){
let data16 = data8.nat;
const _errs44 = errors;
let valid14 = false;
let passing0 = null;
const _errs45 = errors;
if(typeof data16 !== "boolean"){
const err40 = {instancePath:instancePath+"/spec/nat",schemaPath:"#/properties/spec/properties/nat/oneOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.spec.properties.nat.oneOf[0].type,parentSchema:schema33.properties.spec.properties.nat.oneOf[0],data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
var _valid0 = _errs45 === errors;
if(_valid0){
valid14 = true;
passing0 = 0;
}
const _errs47 = errors;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key7 in data16){
if(!(key7 === "uplinks")){
const err41 = {instancePath:instancePath+"/spec/nat",schemaPath:"#/definitions/BridgeNat/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema35,data:data16};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data16.uplinks !== undefined){
let data17 = data16.uplinks;
if(Array.isArray(data17)){
if(data17.length < 1){
const err42 = {instancePath:instancePath+"/spec/nat/uplinks",schemaPath:"#/definitions/BridgeNat/properties/uplinks/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema35.properties.uplinks,data:data17};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
const len2 = data17.length;
for(let i4=0; i4<len2; i4++){
let data18 = data17[i4];
if(typeof data18 === "string"){
if(func2(data18) > 15){
const err43 = {instancePath:instancePath+"/spec/nat/uplinks/" + i4,schemaPath:"#/definitions/BridgeNat/properties/uplinks/items/maxLength",keyword:"maxLength",params:{limit: 15},message:"must NOT have more than 15 characters",schema:15,parentSchema:schema35.properties.uplinks.items,data:data18};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(!pattern80.test(data18)){
const err44 = {instancePath:instancePath+"/spec/nat/uplinks/" + i4,schemaPath:"#/definitions/BridgeNat/properties/uplinks/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$",parentSchema:schema35.properties.uplinks.items,data:data18};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/spec/nat/uplinks/" + i4,schemaPath:"#/definitions/BridgeNat/properties/uplinks/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.properties.uplinks.items.type,parentSchema:schema35.properties.uplinks.items,data:data18};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
let i5 = data17.length;
let j2;
if(i5 > 1){
const indices2 = {};
for(;i5--;){
let item2 = data17[i5];
if(typeof item2 !== "string"){
continue;
}
if(typeof indices2[item2] == "number"){
j2 = indices2[item2];
const err46 = {instancePath:instancePath+"/spec/nat/uplinks",schemaPath:"#/definitions/BridgeNat/properties/uplinks/uniqueItems",keyword:"uniqueItems",params:{i: i5, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i5+" are identical)",schema:true,parentSchema:schema35.properties.uplinks,data:data17};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
break;
}
indices2[item2] = i5;
}
}
}
else {
const err47 = {instancePath:instancePath+"/spec/nat/uplinks",schemaPath:"#/definitions/BridgeNat/properties/uplinks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema35.properties.uplinks.type,parentSchema:schema35.properties.uplinks,data:data17};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/spec/nat",schemaPath:"#/definitions/BridgeNat/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema35.type,parentSchema:schema35,data:data16};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
var _valid0 = _errs47 === errors;
if(_valid0 && valid14){
valid14 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid14 = true;
passing0 = 1;
}
}
if(!valid14){
const err49 = {instancePath:instancePath+"/spec/nat",schemaPath:"#/properties/spec/properties/nat/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema33.properties.spec.properties.nat.oneOf,parentSchema:schema33.properties.spec.properties.nat,data:data16};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
else {
errors = _errs44;
if(vErrors !== null){
if(_errs44){
vErrors.length = _errs44;
}
else {
vErrors = null;
}
}
}
}
if(data8.dhcp !== undefined){
let data19 = data8.dhcp;
const _errs57 = errors;
let valid20 = false;
let passing1 = null;
const _errs58 = errors;
if(typeof data19 !== "boolean"){
const err50 = {instancePath:instancePath+"/spec/dhcp",schemaPath:"#/properties/spec/properties/dhcp/oneOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.spec.properties.dhcp.oneOf[0].type,parentSchema:schema33.properties.spec.properties.dhcp.oneOf[0],data:data19};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
var _valid1 = _errs58 === errors;
if(_valid1){
valid20 = true;
passing1 = 0;
}
const _errs60 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key8 in data19){
if(!(((key8 === "range") || (key8 === "leaseTime")) || (key8 === "dns"))){
const err51 = {instancePath:instancePath+"/spec/dhcp",schemaPath:"#/definitions/BridgeDhcp/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema36,data:data19};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data19.range !== undefined){
let data20 = data19.range;
if(typeof data20 === "string"){
if(!pattern84.test(data20)){
const err52 = {instancePath:instancePath+"/spec/dhcp/range",schemaPath:"#/definitions/BridgeDhcp/properties/range/pattern",keyword:"pattern",params:{pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$"},message:"must match pattern \""+"^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$"+"\"",schema:"^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$",parentSchema:schema36.properties.range,data:data20};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/spec/dhcp/range",schemaPath:"#/definitions/BridgeDhcp/properties/range/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.range.type,parentSchema:schema36.properties.range,data:data20};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data19.leaseTime !== undefined){
let data21 = data19.leaseTime;
if(typeof data21 === "string"){
if(!pattern57.test(data21)){
const err54 = {instancePath:instancePath+"/spec/dhcp/leaseTime",schemaPath:"#/definitions/BridgeDhcp/properties/leaseTime/pattern",keyword:"pattern",params:{pattern: "^([0-9]+(ms|s|m|h))+$"},message:"must match pattern \""+"^([0-9]+(ms|s|m|h))+$"+"\"",schema:"^([0-9]+(ms|s|m|h))+$",parentSchema:schema36.properties.leaseTime,data:data21};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/spec/dhcp/leaseTime",schemaPath:"#/definitions/BridgeDhcp/properties/leaseTime/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.leaseTime.type,parentSchema:schema36.properties.leaseTime,data:data21};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data19.dns !== undefined){
let data22 = data19.dns;
if(Array.isArray(data22)){
const len3 = data22.length;
for(let i6=0; i6<len3; i6++){
let data23 = data22[i6];
if(typeof data23 === "string"){
if(!pattern26.test(data23)){
const err56 = {instancePath:instancePath+"/spec/dhcp/dns/" + i6,schemaPath:"#/definitions/BridgeDhcp/properties/dns/items/pattern",keyword:"pattern",params:{pattern: "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"},message:"must match pattern \""+"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"+"\"",schema:"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",parentSchema:schema36.properties.dns.items,data:data23};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
else {
const err57 = {instancePath:instancePath+"/spec/dhcp/dns/" + i6,schemaPath:"#/definitions/BridgeDhcp/properties/dns/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.dns.items.type,parentSchema:schema36.properties.dns.items,data:data23};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
let i7 = data22.length;
let j3;
if(i7 > 1){
const indices3 = {};
for(;i7--;){
let item3 = data22[i7];
if(typeof item3 !== "string"){
continue;
}
if(typeof indices3[item3] == "number"){
j3 = indices3[item3];
const err58 = {instancePath:instancePath+"/spec/dhcp/dns",schemaPath:"#/definitions/BridgeDhcp/properties/dns/uniqueItems",keyword:"uniqueItems",params:{i: i7, j: j3},message:"must NOT have duplicate items (items ## "+j3+" and "+i7+" are identical)",schema:true,parentSchema:schema36.properties.dns,data:data22};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
break;
}
indices3[item3] = i7;
}
}
}
else {
const err59 = {instancePath:instancePath+"/spec/dhcp/dns",schemaPath:"#/definitions/BridgeDhcp/properties/dns/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema36.properties.dns.type,parentSchema:schema36.properties.dns,data:data22};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
else {
const err60 = {instancePath:instancePath+"/spec/dhcp",schemaPath:"#/definitions/BridgeDhcp/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema36.type,parentSchema:schema36,data:data19};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
var _valid1 = _errs60 === errors;
if(_valid1 && valid20){
valid20 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid20 = true;
passing1 = 1;
}
}
if(!valid20){
const err61 = {instancePath:instancePath+"/spec/dhcp",schemaPath:"#/properties/spec/properties/dhcp/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema33.properties.spec.properties.dhcp.oneOf,parentSchema:schema33.properties.spec.properties.dhcp,data:data19};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
else {
errors = _errs57;
if(vErrors !== null){
if(_errs57){
vErrors.length = _errs57;
}
else {
vErrors = null;
}
}
}
}
if(data8.placement !== undefined){
let data24 = data8.placement;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
for(const key9 in data24){
if(!((key9 === "hosts") || (key9 === "hostSelector"))){
const err62 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data24};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data24.hosts !== undefined){
let data25 = data24.hosts;
if(Array.isArray(data25)){
const len4 = data25.length;
for(let i8=0; i8<len4; i8++){
let data26 = data25[i8];
if(typeof data26 === "string"){
if(func2(data26) > 253){
const err63 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema30.properties.hosts.items,data:data26};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(func2(data26) < 1){
const err64 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema30.properties.hosts.items,data:data26};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
else {
const err65 = {instancePath:instancePath+"/spec/placement/hosts/" + i8,schemaPath:"#/definitions/Placement/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hosts.items.type,parentSchema:schema30.properties.hosts.items,data:data26};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
let i9 = data25.length;
let j4;
if(i9 > 1){
const indices4 = {};
for(;i9--;){
let item4 = data25[i9];
if(typeof item4 !== "string"){
continue;
}
if(typeof indices4[item4] == "number"){
j4 = indices4[item4];
const err66 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/uniqueItems",keyword:"uniqueItems",params:{i: i9, j: j4},message:"must NOT have duplicate items (items ## "+j4+" and "+i9+" are identical)",schema:true,parentSchema:schema30.properties.hosts,data:data25};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
break;
}
indices4[item4] = i9;
}
}
}
else {
const err67 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema30.properties.hosts.type,parentSchema:schema30.properties.hosts,data:data25};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data24.hostSelector !== undefined){
let data27 = data24.hostSelector;
if(data27 && typeof data27 == "object" && !Array.isArray(data27)){
for(const key10 in data27){
const _errs85 = errors;
if(typeof key10 === "string"){
if(!pattern1.test(key10)){
const err68 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema30.properties.hostSelector.propertyNames,data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
var valid31 = _errs85 === errors;
if(!valid31){
const err69 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames",keyword:"propertyNames",params:{propertyName: key10},message:"property name must be valid",schema:schema30.properties.hostSelector.propertyNames,parentSchema:schema30.properties.hostSelector,data:data27};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
for(const key11 in data27){
let data28 = data27[key11];
if(typeof data28 === "string"){
if(func2(data28) > 1024){
const err70 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data28};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
else {
const err71 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hostSelector.additionalProperties.type,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data28};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.hostSelector.type,parentSchema:schema30.properties.hostSelector,data:data27};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data24};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.spec.type,parentSchema:schema33.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.type,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}

const schema38 = {"type":"object","description":"A Tap document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Tap","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A tap device (`ip tuntap add mode tap`, `ifconfig tap0 create`).","additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$","maxLength":15,"x-message":"expected an interface name of at most 15 bytes made of letters, digits, `_`, `.` and `-`","description":"Host interface name. A host network interface name (Linux IFNAMSIZ-1 = 15 bytes; safe characters only).","examples":["tshbr0","tap0"]},"bridge":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Bridge resource this tap joins.","examples":["web","br-lan"]},"mtu":{"type":"integer","minimum":68,"maximum":65535,"description":"MTU. Default: the bridge's, else 1500."},"vnetHeader":{"type":"boolean","description":"Create with IFF_VNET_HDR (offloads). Default true."},"multiQueue":{"type":"boolean","description":"Create with IFF_MULTI_QUEUE."},"adopt":{"type":"boolean","description":"Manage this interface although tshyve did not create it."},"placement":{"$ref":"#/definitions/Placement"}},"required":["name"]}},"required":["apiVersion","kind","metadata","spec"]};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema38.required,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema38.required,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema38.required,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema38.required,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema38.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Tap" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Tap"},message:"must be equal to constant",schema:"Tap",parentSchema:schema38.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.name === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema38.properties.spec.required,parentSchema:schema38.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key6 in data8){
if(!(((((((key6 === "name") || (key6 === "bridge")) || (key6 === "mtu")) || (key6 === "vnetHeader")) || (key6 === "multiQueue")) || (key6 === "adopt")) || (key6 === "placement"))){
const err23 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema38.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data8.name !== undefined){
let data9 = data8.name;
if(typeof data9 === "string"){
if(func2(data9) > 15){
const err24 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/maxLength",keyword:"maxLength",params:{limit: 15},message:"must NOT have more than 15 characters",schema:15,parentSchema:schema38.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(!pattern80.test(data9)){
const err25 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$",parentSchema:schema38.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/spec/name",schemaPath:"#/properties/spec/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.properties.spec.properties.name.type,parentSchema:schema38.properties.spec.properties.name,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data8.bridge !== undefined){
let data10 = data8.bridge;
if(typeof data10 === "string"){
if(!pattern0.test(data10)){
const err27 = {instancePath:instancePath+"/spec/bridge",schemaPath:"#/properties/spec/properties/bridge/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema38.properties.spec.properties.bridge,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/spec/bridge",schemaPath:"#/properties/spec/properties/bridge/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.properties.spec.properties.bridge.type,parentSchema:schema38.properties.spec.properties.bridge,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data8.mtu !== undefined){
let data11 = data8.mtu;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err29 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema38.properties.spec.properties.mtu.type,parentSchema:schema38.properties.spec.properties.mtu,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 65535 || isNaN(data11)){
const err30 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema38.properties.spec.properties.mtu,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data11 < 68 || isNaN(data11)){
const err31 = {instancePath:instancePath+"/spec/mtu",schemaPath:"#/properties/spec/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68",schema:68,parentSchema:schema38.properties.spec.properties.mtu,data:data11};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
if(data8.vnetHeader !== undefined){
let data12 = data8.vnetHeader;
if(typeof data12 !== "boolean"){
const err32 = {instancePath:instancePath+"/spec/vnetHeader",schemaPath:"#/properties/spec/properties/vnetHeader/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema38.properties.spec.properties.vnetHeader.type,parentSchema:schema38.properties.spec.properties.vnetHeader,data:data12};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data8.multiQueue !== undefined){
let data13 = data8.multiQueue;
if(typeof data13 !== "boolean"){
const err33 = {instancePath:instancePath+"/spec/multiQueue",schemaPath:"#/properties/spec/properties/multiQueue/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema38.properties.spec.properties.multiQueue.type,parentSchema:schema38.properties.spec.properties.multiQueue,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data8.adopt !== undefined){
let data14 = data8.adopt;
if(typeof data14 !== "boolean"){
const err34 = {instancePath:instancePath+"/spec/adopt",schemaPath:"#/properties/spec/properties/adopt/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema38.properties.spec.properties.adopt.type,parentSchema:schema38.properties.spec.properties.adopt,data:data14};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data8.placement !== undefined){
let data15 = data8.placement;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key7 in data15){
if(!((key7 === "hosts") || (key7 === "hostSelector"))){
const err35 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data15.hosts !== undefined){
let data16 = data15.hosts;
if(Array.isArray(data16)){
const len0 = data16.length;
for(let i0=0; i0<len0; i0++){
let data17 = data16[i0];
if(typeof data17 === "string"){
if(func2(data17) > 253){
const err36 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema30.properties.hosts.items,data:data17};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(func2(data17) < 1){
const err37 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema30.properties.hosts.items,data:data17};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hosts.items.type,parentSchema:schema30.properties.hosts.items,data:data17};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
let i1 = data16.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data16[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err39 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema30.properties.hosts,data:data16};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err40 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema30.properties.hosts.type,parentSchema:schema30.properties.hosts,data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data15.hostSelector !== undefined){
let data18 = data15.hostSelector;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key8 in data18){
const _errs50 = errors;
if(typeof key8 === "string"){
if(!pattern1.test(key8)){
const err41 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema30.properties.hostSelector.propertyNames,data:key8,propertyName:key8};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
var valid13 = _errs50 === errors;
if(!valid13){
const err42 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames",keyword:"propertyNames",params:{propertyName: key8},message:"property name must be valid",schema:schema30.properties.hostSelector.propertyNames,parentSchema:schema30.properties.hostSelector,data:data18};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
for(const key9 in data18){
let data19 = data18[key9];
if(typeof data19 === "string"){
if(func2(data19) > 1024){
const err43 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data19};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hostSelector.additionalProperties.type,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data19};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.hostSelector.type,parentSchema:schema30.properties.hostSelector,data:data18};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data15};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
else {
const err47 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema38.properties.spec.type,parentSchema:schema38.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema38.type,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}

const schema41 = {"type":"object","description":"A Volume document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Volume","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A disk volume: a ZFS zvol or a file. Exactly one of `zfs` or `file`.","additionalProperties":false,"properties":{"size":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$","x-message":"expected a size with a unit such as 512MiB or 2G","description":"Volume size. Growing is done in place; shrinking is refused.","examples":["512MiB","2G","16GiB"]},"zfs":{"type":"object","description":"A ZFS volume, as `zfs create -V16G -o volmode=dev zroot/linuxdisk0`.","additionalProperties":false,"properties":{"dataset":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$","maxLength":255,"x-message":"expected a dataset path pool/name such as zroot/vms/web","description":"pool/path of the zvol."},"volmode":{"enum":["dev","geom","default","full","none"],"description":"zvol volmode. Default dev."},"sparse":{"type":"boolean","description":"Create sparse (-s, no reservation)."},"properties":{"type":"object","additionalProperties":{"type":"string","pattern":"^[^\\n\\0]*$"},"propertyNames":{"pattern":"^[a-z][a-z0-9_:.]*$"},"description":"Extra -o property=value pairs."}},"required":["dataset"]},"file":{"type":"object","description":"A raw image file.","additionalProperties":false,"properties":{"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"An absolute path on the host.","examples":["/var/lib/tshyve/images/web.img"]},"sparse":{"type":"boolean","description":"Create sparse (truncate). Default true."}},"required":["path"]},"source":{"type":"object","description":"Contents copied once, when the volume is created: a VolumeSnapshot (`snapshot`: a `zfs clone` of a zvol snapshot, a reflink or sparse copy of a file snapshot), or an image (`image`): a local file or an http(s) URL (then `sha256` is required), raw, qcow2, vmdk, vhdx or vdi (converted with qemu-img), optionally .xz/.gz/.zst-compressed or a .tar.xz/.tar.gz holding one disk image (as Debian's cloud images). Downloads are cached by digest under the state directory and shared. Exactly one of `image` or `snapshot`.","additionalProperties":false,"properties":{"image":{"type":"string","pattern":"^(/|https?://)[^\u0000\r\n ]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /) or an http(s) URL, without NUL, CR, LF or spaces","description":"An absolute path on the host, or an http(s) URL.","examples":["/var/lib/tshyve/images/web.img","https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"]},"snapshot":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of a VolumeSnapshot to clone (instead of `image`). The volume must use the same backend as the snapshot (and, for ZFS, the same pool) and be at least as large as the snapshot.","examples":["web","br-lan"]},"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$","x-message":"expected a sha256 digest: 64 lower-case hex digits","description":"sha256 of the file as downloaded (before decompression or conversion); required for a URL, checked for a local file too."},"format":{"enum":["raw","qcow2","vmdk","vhdx","vdi"],"description":"Image format; default: what `qemu-img info` detects (raw when qemu-img is missing)."}}},"reclaimPolicy":{"enum":["Retain","Delete"],"description":"Retain (default): never delete the data. Delete: delete when removed from the specs and `--prune` is given."},"adopt":{"type":"boolean","description":"Manage this volume although tshyve did not create it."},"placement":{"$ref":"#/definitions/Placement"}},"required":["size"]}},"required":["apiVersion","kind","metadata","spec"]};
const pattern98 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$", "u");
const pattern99 = new RegExp("^[a-z][a-z0-9_:.]*$", "u");
const pattern100 = new RegExp("^[^\\n\\0]*$", "u");
const pattern102 = new RegExp("^(/|https?://)[^\u0000\r\n ]*$", "u");
const pattern104 = new RegExp("^[0-9a-f]{64}$", "u");

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema41.required,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema41.required,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema41.required,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema41.required,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema41.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Volume" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Volume"},message:"must be equal to constant",schema:"Volume",parentSchema:schema41.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.size === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "size"},message:"must have required property '"+"size"+"'",schema:schema41.properties.spec.required,parentSchema:schema41.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key6 in data8){
if(!(((((((key6 === "size") || (key6 === "zfs")) || (key6 === "file")) || (key6 === "source")) || (key6 === "reclaimPolicy")) || (key6 === "adopt")) || (key6 === "placement"))){
const err23 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema41.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data8.size !== undefined){
let data9 = data8.size;
if(typeof data9 === "string"){
if(!pattern3.test(data9)){
const err24 = {instancePath:instancePath+"/spec/size",schemaPath:"#/properties/spec/properties/size/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt]|[KMGT]iB)$",parentSchema:schema41.properties.spec.properties.size,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/spec/size",schemaPath:"#/properties/spec/properties/size/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.size.type,parentSchema:schema41.properties.spec.properties.size,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data8.zfs !== undefined){
let data10 = data8.zfs;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.dataset === undefined){
const err26 = {instancePath:instancePath+"/spec/zfs",schemaPath:"#/properties/spec/properties/zfs/required",keyword:"required",params:{missingProperty: "dataset"},message:"must have required property '"+"dataset"+"'",schema:schema41.properties.spec.properties.zfs.required,parentSchema:schema41.properties.spec.properties.zfs,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
for(const key7 in data10){
if(!((((key7 === "dataset") || (key7 === "volmode")) || (key7 === "sparse")) || (key7 === "properties"))){
const err27 = {instancePath:instancePath+"/spec/zfs",schemaPath:"#/properties/spec/properties/zfs/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema41.properties.spec.properties.zfs,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data10.dataset !== undefined){
let data11 = data10.dataset;
if(typeof data11 === "string"){
if(func2(data11) > 255){
const err28 = {instancePath:instancePath+"/spec/zfs/dataset",schemaPath:"#/properties/spec/properties/zfs/properties/dataset/maxLength",keyword:"maxLength",params:{limit: 255},message:"must NOT have more than 255 characters",schema:255,parentSchema:schema41.properties.spec.properties.zfs.properties.dataset,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!pattern98.test(data11)){
const err29 = {instancePath:instancePath+"/spec/zfs/dataset",schemaPath:"#/properties/spec/properties/zfs/properties/dataset/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$",parentSchema:schema41.properties.spec.properties.zfs.properties.dataset,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/spec/zfs/dataset",schemaPath:"#/properties/spec/properties/zfs/properties/dataset/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.zfs.properties.dataset.type,parentSchema:schema41.properties.spec.properties.zfs.properties.dataset,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data10.volmode !== undefined){
let data12 = data10.volmode;
if(!(((((data12 === "dev") || (data12 === "geom")) || (data12 === "default")) || (data12 === "full")) || (data12 === "none"))){
const err31 = {instancePath:instancePath+"/spec/zfs/volmode",schemaPath:"#/properties/spec/properties/zfs/properties/volmode/enum",keyword:"enum",params:{allowedValues: schema41.properties.spec.properties.zfs.properties.volmode.enum},message:"must be equal to one of the allowed values",schema:schema41.properties.spec.properties.zfs.properties.volmode.enum,parentSchema:schema41.properties.spec.properties.zfs.properties.volmode,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data10.sparse !== undefined){
let data13 = data10.sparse;
if(typeof data13 !== "boolean"){
const err32 = {instancePath:instancePath+"/spec/zfs/sparse",schemaPath:"#/properties/spec/properties/zfs/properties/sparse/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema41.properties.spec.properties.zfs.properties.sparse.type,parentSchema:schema41.properties.spec.properties.zfs.properties.sparse,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data10.properties !== undefined){
let data14 = data10.properties;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key8 in data14){
const _errs40 = errors;
if(typeof key8 === "string"){
if(!pattern99.test(key8)){
const err33 = {instancePath:instancePath+"/spec/zfs/properties",schemaPath:"#/properties/spec/properties/zfs/properties/properties/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9_:.]*$"},message:"must match pattern \""+"^[a-z][a-z0-9_:.]*$"+"\"",schema:"^[a-z][a-z0-9_:.]*$",parentSchema:schema41.properties.spec.properties.zfs.properties.properties.propertyNames,data:key8,propertyName:key8};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
var valid9 = _errs40 === errors;
if(!valid9){
const err34 = {instancePath:instancePath+"/spec/zfs/properties",schemaPath:"#/properties/spec/properties/zfs/properties/properties/propertyNames",keyword:"propertyNames",params:{propertyName: key8},message:"property name must be valid",schema:schema41.properties.spec.properties.zfs.properties.properties.propertyNames,parentSchema:schema41.properties.spec.properties.zfs.properties.properties,data:data14};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
for(const key9 in data14){
let data15 = data14[key9];
if(typeof data15 === "string"){
if(!pattern100.test(data15)){
const err35 = {instancePath:instancePath+"/spec/zfs/properties/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/zfs/properties/properties/additionalProperties/pattern",keyword:"pattern",params:{pattern: "^[^\\n\\0]*$"},message:"must match pattern \""+"^[^\\n\\0]*$"+"\"",schema:"^[^\\n\\0]*$",parentSchema:schema41.properties.spec.properties.zfs.properties.properties.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/spec/zfs/properties/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/zfs/properties/properties/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.zfs.properties.properties.additionalProperties.type,parentSchema:schema41.properties.spec.properties.zfs.properties.properties.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/spec/zfs/properties",schemaPath:"#/properties/spec/properties/zfs/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.properties.spec.properties.zfs.properties.properties.type,parentSchema:schema41.properties.spec.properties.zfs.properties.properties,data:data14};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/spec/zfs",schemaPath:"#/properties/spec/properties/zfs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.properties.spec.properties.zfs.type,parentSchema:schema41.properties.spec.properties.zfs,data:data10};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data8.file !== undefined){
let data16 = data8.file;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
if(data16.path === undefined){
const err39 = {instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema41.properties.spec.properties.file.required,parentSchema:schema41.properties.spec.properties.file,data:data16};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
for(const key10 in data16){
if(!((key10 === "path") || (key10 === "sparse"))){
const err40 = {instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema41.properties.spec.properties.file,data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data16.path !== undefined){
let data17 = data16.path;
if(typeof data17 === "string"){
if(func2(data17) > 4096){
const err41 = {instancePath:instancePath+"/spec/file/path",schemaPath:"#/properties/spec/properties/file/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema41.properties.spec.properties.file.properties.path,data:data17};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(func2(data17) < 2){
const err42 = {instancePath:instancePath+"/spec/file/path",schemaPath:"#/properties/spec/properties/file/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema41.properties.spec.properties.file.properties.path,data:data17};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(!pattern5.test(data17)){
const err43 = {instancePath:instancePath+"/spec/file/path",schemaPath:"#/properties/spec/properties/file/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema41.properties.spec.properties.file.properties.path,data:data17};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/spec/file/path",schemaPath:"#/properties/spec/properties/file/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.file.properties.path.type,parentSchema:schema41.properties.spec.properties.file.properties.path,data:data17};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data16.sparse !== undefined){
let data18 = data16.sparse;
if(typeof data18 !== "boolean"){
const err45 = {instancePath:instancePath+"/spec/file/sparse",schemaPath:"#/properties/spec/properties/file/properties/sparse/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema41.properties.spec.properties.file.properties.sparse.type,parentSchema:schema41.properties.spec.properties.file.properties.sparse,data:data18};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.properties.spec.properties.file.type,parentSchema:schema41.properties.spec.properties.file,data:data16};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data8.source !== undefined){
let data19 = data8.source;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key11 in data19){
if(!((((key11 === "image") || (key11 === "snapshot")) || (key11 === "sha256")) || (key11 === "format"))){
const err47 = {instancePath:instancePath+"/spec/source",schemaPath:"#/properties/spec/properties/source/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema41.properties.spec.properties.source,data:data19};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data19.image !== undefined){
let data20 = data19.image;
if(typeof data20 === "string"){
if(func2(data20) > 4096){
const err48 = {instancePath:instancePath+"/spec/source/image",schemaPath:"#/properties/spec/properties/source/properties/image/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema41.properties.spec.properties.source.properties.image,data:data20};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(func2(data20) < 2){
const err49 = {instancePath:instancePath+"/spec/source/image",schemaPath:"#/properties/spec/properties/source/properties/image/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema41.properties.spec.properties.source.properties.image,data:data20};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if(!pattern102.test(data20)){
const err50 = {instancePath:instancePath+"/spec/source/image",schemaPath:"#/properties/spec/properties/source/properties/image/pattern",keyword:"pattern",params:{pattern: "^(/|https?://)[^\u0000\r\n ]*$"},message:"must match pattern \""+"^(/|https?://)[^\u0000\r\n ]*$"+"\"",schema:"^(/|https?://)[^\u0000\r\n ]*$",parentSchema:schema41.properties.spec.properties.source.properties.image,data:data20};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/spec/source/image",schemaPath:"#/properties/spec/properties/source/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.source.properties.image.type,parentSchema:schema41.properties.spec.properties.source.properties.image,data:data20};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data19.snapshot !== undefined){
let data21 = data19.snapshot;
if(typeof data21 === "string"){
if(!pattern0.test(data21)){
const err52 = {instancePath:instancePath+"/spec/source/snapshot",schemaPath:"#/properties/spec/properties/source/properties/snapshot/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema41.properties.spec.properties.source.properties.snapshot,data:data21};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/spec/source/snapshot",schemaPath:"#/properties/spec/properties/source/properties/snapshot/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.source.properties.snapshot.type,parentSchema:schema41.properties.spec.properties.source.properties.snapshot,data:data21};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data19.sha256 !== undefined){
let data22 = data19.sha256;
if(typeof data22 === "string"){
if(!pattern104.test(data22)){
const err54 = {instancePath:instancePath+"/spec/source/sha256",schemaPath:"#/properties/spec/properties/source/properties/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\"",schema:"^[0-9a-f]{64}$",parentSchema:schema41.properties.spec.properties.source.properties.sha256,data:data22};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/spec/source/sha256",schemaPath:"#/properties/spec/properties/source/properties/sha256/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.spec.properties.source.properties.sha256.type,parentSchema:schema41.properties.spec.properties.source.properties.sha256,data:data22};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data19.format !== undefined){
let data23 = data19.format;
if(!(((((data23 === "raw") || (data23 === "qcow2")) || (data23 === "vmdk")) || (data23 === "vhdx")) || (data23 === "vdi"))){
const err56 = {instancePath:instancePath+"/spec/source/format",schemaPath:"#/properties/spec/properties/source/properties/format/enum",keyword:"enum",params:{allowedValues: schema41.properties.spec.properties.source.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema41.properties.spec.properties.source.properties.format.enum,parentSchema:schema41.properties.spec.properties.source.properties.format,data:data23};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/spec/source",schemaPath:"#/properties/spec/properties/source/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.properties.spec.properties.source.type,parentSchema:schema41.properties.spec.properties.source,data:data19};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data8.reclaimPolicy !== undefined){
let data24 = data8.reclaimPolicy;
if(!((data24 === "Retain") || (data24 === "Delete"))){
const err58 = {instancePath:instancePath+"/spec/reclaimPolicy",schemaPath:"#/properties/spec/properties/reclaimPolicy/enum",keyword:"enum",params:{allowedValues: schema41.properties.spec.properties.reclaimPolicy.enum},message:"must be equal to one of the allowed values",schema:schema41.properties.spec.properties.reclaimPolicy.enum,parentSchema:schema41.properties.spec.properties.reclaimPolicy,data:data24};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data8.adopt !== undefined){
let data25 = data8.adopt;
if(typeof data25 !== "boolean"){
const err59 = {instancePath:instancePath+"/spec/adopt",schemaPath:"#/properties/spec/properties/adopt/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema41.properties.spec.properties.adopt.type,parentSchema:schema41.properties.spec.properties.adopt,data:data25};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data8.placement !== undefined){
let data26 = data8.placement;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key12 in data26){
if(!((key12 === "hosts") || (key12 === "hostSelector"))){
const err60 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data26};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data26.hosts !== undefined){
let data27 = data26.hosts;
if(Array.isArray(data27)){
const len0 = data27.length;
for(let i0=0; i0<len0; i0++){
let data28 = data27[i0];
if(typeof data28 === "string"){
if(func2(data28) > 253){
const err61 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema30.properties.hosts.items,data:data28};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(func2(data28) < 1){
const err62 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema30.properties.hosts.items,data:data28};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hosts.items.type,parentSchema:schema30.properties.hosts.items,data:data28};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
let i1 = data27.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data27[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err64 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema30.properties.hosts,data:data27};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err65 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema30.properties.hosts.type,parentSchema:schema30.properties.hosts,data:data27};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data26.hostSelector !== undefined){
let data29 = data26.hostSelector;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
for(const key13 in data29){
const _errs78 = errors;
if(typeof key13 === "string"){
if(!pattern1.test(key13)){
const err66 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema30.properties.hostSelector.propertyNames,data:key13,propertyName:key13};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
var valid18 = _errs78 === errors;
if(!valid18){
const err67 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames",keyword:"propertyNames",params:{propertyName: key13},message:"property name must be valid",schema:schema30.properties.hostSelector.propertyNames,parentSchema:schema30.properties.hostSelector,data:data29};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
for(const key14 in data29){
let data30 = data29[key14];
if(typeof data30 === "string"){
if(func2(data30) > 1024){
const err68 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data30};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
else {
const err69 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hostSelector.additionalProperties.type,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data30};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.hostSelector.type,parentSchema:schema30.properties.hostSelector,data:data29};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
else {
const err71 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data26};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.properties.spec.type,parentSchema:schema41.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.type,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}

const schema44 = {"type":"object","description":"A VolumeSnapshot document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"VolumeSnapshot","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"A point-in-time copy of a Volume, taken once when it is first declared: `zfs snapshot POOL/NAME@SNAP` for a zvol; a reflink copy (or, where the filesystem has no reflinks, a full sparse copy) for a file volume, kept read-only. A Volume clones it with `source.snapshot`. It is placed on the host of its volume.","additionalProperties":false,"properties":{"volume":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-message":"expected a name of lower-case letters, digits and dashes (at most 63, starting and ending with a letter or digit)","description":"Name of the Volume resource to snapshot.","examples":["web","br-lan"]},"path":{"type":"string","pattern":"^/[^\u0000\r\n]*$","minLength":2,"maxLength":4096,"x-message":"expected an absolute path (starting with /, without NUL, CR or LF)","description":"Where the snapshot of a file volume is kept. Default: next to the volume, `<volume path>@<snapshot name>`.","examples":["/var/lib/tshyve/images/web.img@before-upgrade"]},"reclaimPolicy":{"enum":["Retain","Delete"],"description":"Retain (default): never delete the snapshot. Delete: delete it when it is removed from the specs and `--prune` is given."}},"required":["volume"]}},"required":["apiVersion","kind","metadata","spec"]};

function validate27(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema44.required,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema44.required,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema44.required,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema44.required,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema44.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("VolumeSnapshot" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "VolumeSnapshot"},message:"must be equal to constant",schema:"VolumeSnapshot",parentSchema:schema44.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.volume === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "volume"},message:"must have required property '"+"volume"+"'",schema:schema44.properties.spec.required,parentSchema:schema44.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key6 in data8){
if(!(((key6 === "volume") || (key6 === "path")) || (key6 === "reclaimPolicy"))){
const err23 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema44.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data8.volume !== undefined){
let data9 = data8.volume;
if(typeof data9 === "string"){
if(!pattern0.test(data9)){
const err24 = {instancePath:instancePath+"/spec/volume",schemaPath:"#/properties/spec/properties/volume/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema44.properties.spec.properties.volume,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/spec/volume",schemaPath:"#/properties/spec/properties/volume/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema44.properties.spec.properties.volume.type,parentSchema:schema44.properties.spec.properties.volume,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data8.path !== undefined){
let data10 = data8.path;
if(typeof data10 === "string"){
if(func2(data10) > 4096){
const err26 = {instancePath:instancePath+"/spec/path",schemaPath:"#/properties/spec/properties/path/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema44.properties.spec.properties.path,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(func2(data10) < 2){
const err27 = {instancePath:instancePath+"/spec/path",schemaPath:"#/properties/spec/properties/path/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema44.properties.spec.properties.path,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(!pattern5.test(data10)){
const err28 = {instancePath:instancePath+"/spec/path",schemaPath:"#/properties/spec/properties/path/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema44.properties.spec.properties.path,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/spec/path",schemaPath:"#/properties/spec/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema44.properties.spec.properties.path.type,parentSchema:schema44.properties.spec.properties.path,data:data10};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data8.reclaimPolicy !== undefined){
let data11 = data8.reclaimPolicy;
if(!((data11 === "Retain") || (data11 === "Delete"))){
const err30 = {instancePath:instancePath+"/spec/reclaimPolicy",schemaPath:"#/properties/spec/properties/reclaimPolicy/enum",keyword:"enum",params:{allowedValues: schema44.properties.spec.properties.reclaimPolicy.enum},message:"must be equal to one of the allowed values",schema:schema44.properties.spec.properties.reclaimPolicy.enum,parentSchema:schema44.properties.spec.properties.reclaimPolicy,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema44.properties.spec.type,parentSchema:schema44.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
else {
const err32 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema44.type,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
validate27.errors = vErrors;
return errors === 0;
}

const schema46 = {"type":"object","description":"A Firmware document.","additionalProperties":false,"properties":{"apiVersion":{"const":"tshyve.dev/v1alpha1","description":"Schema version of this document."},"kind":{"const":"Firmware","description":"The resource kind."},"metadata":{"$ref":"#/definitions/ObjectMeta"},"spec":{"type":"object","description":"Firmware: exactly one of `linux`, `bootrom` or `bhyveload`.","additionalProperties":false,"properties":{"linux":{"$ref":"#/definitions/LinuxFirmware"},"bootrom":{"$ref":"#/definitions/BootromFirmware"},"bhyveload":{"$ref":"#/definitions/BhyveloadFirmware"},"placement":{"$ref":"#/definitions/Placement"}}}},"required":["apiVersion","kind","metadata","spec"]};

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema46.required,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema46.required,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema46.required,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema46.required,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema46.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Firmware" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Firmware"},message:"must be equal to constant",schema:"Firmware",parentSchema:schema46.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data2){
if(!(((key1 === "name") || (key1 === "labels")) || (key1 === "annotations"))){
const err8 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/definitions/ObjectMeta/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.labels !== undefined){
let data4 = data2.labels;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
const _errs13 = errors;
if(typeof key2 === "string"){
if(!pattern1.test(key2)){
const err11 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid3 = _errs13 === errors;
if(!valid3){
const err12 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema13.properties.labels.propertyNames,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key3 in data4){
let data5 = data4[key3];
if(typeof data5 === "string"){
if(func2(data5) > 1024){
const err13 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.labels.additionalProperties.type,parentSchema:schema13.properties.labels.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/metadata/labels",schemaPath:"#/definitions/ObjectMeta/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.labels.type,parentSchema:schema13.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key4 in data6){
const _errs19 = errors;
if(typeof key4 === "string"){
if(!pattern1.test(key4)){
const err16 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema13.properties.annotations.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid5 = _errs19 === errors;
if(!valid5){
const err17 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema13.properties.annotations.propertyNames,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key5 in data6){
let data7 = data6[key5];
if(typeof data7 === "string"){
if(func2(data7) > 1024){
const err18 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/ObjectMeta/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.annotations.additionalProperties.type,parentSchema:schema13.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/definitions/ObjectMeta/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.properties.annotations.type,parentSchema:schema13.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/definitions/ObjectMeta/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key6 in data8){
if(!((((key6 === "linux") || (key6 === "bootrom")) || (key6 === "bhyveload")) || (key6 === "placement"))){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema46.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data8.linux !== undefined){
let data9 = data8.linux;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.kernel === undefined){
const err23 = {instancePath:instancePath+"/spec/linux",schemaPath:"#/definitions/LinuxFirmware/required",keyword:"required",params:{missingProperty: "kernel"},message:"must have required property '"+"kernel"+"'",schema:schema14.required,parentSchema:schema14,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
for(const key7 in data9){
if(!(((key7 === "kernel") || (key7 === "initrd")) || (key7 === "cmdline"))){
const err24 = {instancePath:instancePath+"/spec/linux",schemaPath:"#/definitions/LinuxFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema14,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data9.kernel !== undefined){
let data10 = data9.kernel;
if(typeof data10 === "string"){
if(func2(data10) > 4096){
const err25 = {instancePath:instancePath+"/spec/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema14.properties.kernel,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(func2(data10) < 2){
const err26 = {instancePath:instancePath+"/spec/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema14.properties.kernel,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(!pattern5.test(data10)){
const err27 = {instancePath:instancePath+"/spec/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema14.properties.kernel,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/spec/linux/kernel",schemaPath:"#/definitions/LinuxFirmware/properties/kernel/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.kernel.type,parentSchema:schema14.properties.kernel,data:data10};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data9.initrd !== undefined){
let data11 = data9.initrd;
if(typeof data11 === "string"){
if(func2(data11) > 4096){
const err29 = {instancePath:instancePath+"/spec/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema14.properties.initrd,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(func2(data11) < 2){
const err30 = {instancePath:instancePath+"/spec/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema14.properties.initrd,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(!pattern5.test(data11)){
const err31 = {instancePath:instancePath+"/spec/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema14.properties.initrd,data:data11};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/spec/linux/initrd",schemaPath:"#/definitions/LinuxFirmware/properties/initrd/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.initrd.type,parentSchema:schema14.properties.initrd,data:data11};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data9.cmdline !== undefined){
let data12 = data9.cmdline;
if(typeof data12 === "string"){
if(func2(data12) > 2047){
const err33 = {instancePath:instancePath+"/spec/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/maxLength",keyword:"maxLength",params:{limit: 2047},message:"must NOT have more than 2047 characters",schema:2047,parentSchema:schema14.properties.cmdline,data:data12};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(!pattern7.test(data12)){
const err34 = {instancePath:instancePath+"/spec/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/pattern",keyword:"pattern",params:{pattern: "^[^\u0000\r\n]*$"},message:"must match pattern \""+"^[^\u0000\r\n]*$"+"\"",schema:"^[^\u0000\r\n]*$",parentSchema:schema14.properties.cmdline,data:data12};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/spec/linux/cmdline",schemaPath:"#/definitions/LinuxFirmware/properties/cmdline/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.properties.cmdline.type,parentSchema:schema14.properties.cmdline,data:data12};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/spec/linux",schemaPath:"#/definitions/LinuxFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data9};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data8.bootrom !== undefined){
let data13 = data8.bootrom;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.image === undefined){
const err37 = {instancePath:instancePath+"/spec/bootrom",schemaPath:"#/definitions/BootromFirmware/required",keyword:"required",params:{missingProperty: "image"},message:"must have required property '"+"image"+"'",schema:schema15.required,parentSchema:schema15,data:data13};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
for(const key8 in data13){
if(!((key8 === "image") || (key8 === "varsTemplate"))){
const err38 = {instancePath:instancePath+"/spec/bootrom",schemaPath:"#/definitions/BootromFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema15,data:data13};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data13.image !== undefined){
let data14 = data13.image;
if(typeof data14 === "string"){
if(func2(data14) > 4096){
const err39 = {instancePath:instancePath+"/spec/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema15.properties.image,data:data14};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(func2(data14) < 2){
const err40 = {instancePath:instancePath+"/spec/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema15.properties.image,data:data14};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(!pattern5.test(data14)){
const err41 = {instancePath:instancePath+"/spec/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema15.properties.image,data:data14};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/spec/bootrom/image",schemaPath:"#/definitions/BootromFirmware/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.image.type,parentSchema:schema15.properties.image,data:data14};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data13.varsTemplate !== undefined){
let data15 = data13.varsTemplate;
if(typeof data15 === "string"){
if(func2(data15) > 4096){
const err43 = {instancePath:instancePath+"/spec/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema15.properties.varsTemplate,data:data15};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(func2(data15) < 2){
const err44 = {instancePath:instancePath+"/spec/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema15.properties.varsTemplate,data:data15};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(!pattern5.test(data15)){
const err45 = {instancePath:instancePath+"/spec/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema15.properties.varsTemplate,data:data15};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/spec/bootrom/varsTemplate",schemaPath:"#/definitions/BootromFirmware/properties/varsTemplate/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema15.properties.varsTemplate.type,parentSchema:schema15.properties.varsTemplate,data:data15};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
else {
const err47 = {instancePath:instancePath+"/spec/bootrom",schemaPath:"#/definitions/BootromFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema15.type,parentSchema:schema15,data:data13};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data8.bhyveload !== undefined){
let data16 = data8.bhyveload;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key9 in data16){
if(!(((((key9 === "bootDisk") || (key9 === "loaderEnv")) || (key9 === "consoleDevice")) || (key9 === "hostBase")) || (key9 === "osLoader"))){
const err48 = {instancePath:instancePath+"/spec/bhyveload",schemaPath:"#/definitions/BhyveloadFirmware/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data:data16};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data16.bootDisk !== undefined){
let data17 = data16.bootDisk;
if(!(((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17))) && (isFinite(data17)))){
const err49 = {instancePath:instancePath+"/spec/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.properties.bootDisk.type,parentSchema:schema16.properties.bootDisk,data:data17};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 > 63 || isNaN(data17)){
const err50 = {instancePath:instancePath+"/spec/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/maximum",keyword:"maximum",params:{comparison: "<=", limit: 63},message:"must be <= 63",schema:63,parentSchema:schema16.properties.bootDisk,data:data17};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(data17 < 0 || isNaN(data17)){
const err51 = {instancePath:instancePath+"/spec/bhyveload/bootDisk",schemaPath:"#/definitions/BhyveloadFirmware/properties/bootDisk/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema16.properties.bootDisk,data:data17};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
if(data16.loaderEnv !== undefined){
let data18 = data16.loaderEnv;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key10 in data18){
const _errs57 = errors;
if(typeof key10 === "string"){
if(!pattern10.test(key10)){
const err52 = {instancePath:instancePath+"/spec/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_.]{0,127}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_.]{0,127}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_.]{0,127}$",parentSchema:schema16.properties.loaderEnv.propertyNames,data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
var valid14 = _errs57 === errors;
if(!valid14){
const err53 = {instancePath:instancePath+"/spec/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/propertyNames",keyword:"propertyNames",params:{propertyName: key10},message:"property name must be valid",schema:schema16.properties.loaderEnv.propertyNames,parentSchema:schema16.properties.loaderEnv,data:data18};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
for(const key11 in data18){
let data19 = data18[key11];
if(typeof data19 === "string"){
if(func2(data19) > 1024){
const err54 = {instancePath:instancePath+"/spec/bhyveload/loaderEnv/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema16.properties.loaderEnv.additionalProperties,data:data19};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/spec/bhyveload/loaderEnv/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.loaderEnv.additionalProperties.type,parentSchema:schema16.properties.loaderEnv.additionalProperties,data:data19};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/spec/bhyveload/loaderEnv",schemaPath:"#/definitions/BhyveloadFirmware/properties/loaderEnv/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.properties.loaderEnv.type,parentSchema:schema16.properties.loaderEnv,data:data18};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data16.consoleDevice !== undefined){
let data20 = data16.consoleDevice;
if(typeof data20 === "string"){
if(func2(data20) > 4096){
const err57 = {instancePath:instancePath+"/spec/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.consoleDevice,data:data20};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(func2(data20) < 1){
const err58 = {instancePath:instancePath+"/spec/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema16.properties.consoleDevice,data:data20};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(!pattern11.test(data20)){
const err59 = {instancePath:instancePath+"/spec/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/pattern",keyword:"pattern",params:{pattern: "^(stdio|/[^\u0000\r\n]*)$"},message:"must match pattern \""+"^(stdio|/[^\u0000\r\n]*)$"+"\"",schema:"^(stdio|/[^\u0000\r\n]*)$",parentSchema:schema16.properties.consoleDevice,data:data20};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
else {
const err60 = {instancePath:instancePath+"/spec/bhyveload/consoleDevice",schemaPath:"#/definitions/BhyveloadFirmware/properties/consoleDevice/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.consoleDevice.type,parentSchema:schema16.properties.consoleDevice,data:data20};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data16.hostBase !== undefined){
let data21 = data16.hostBase;
if(typeof data21 === "string"){
if(func2(data21) > 4096){
const err61 = {instancePath:instancePath+"/spec/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.hostBase,data:data21};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(func2(data21) < 2){
const err62 = {instancePath:instancePath+"/spec/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema16.properties.hostBase,data:data21};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(!pattern5.test(data21)){
const err63 = {instancePath:instancePath+"/spec/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema16.properties.hostBase,data:data21};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
else {
const err64 = {instancePath:instancePath+"/spec/bhyveload/hostBase",schemaPath:"#/definitions/BhyveloadFirmware/properties/hostBase/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.hostBase.type,parentSchema:schema16.properties.hostBase,data:data21};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data16.osLoader !== undefined){
let data22 = data16.osLoader;
if(typeof data22 === "string"){
if(func2(data22) > 4096){
const err65 = {instancePath:instancePath+"/spec/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters",schema:4096,parentSchema:schema16.properties.osLoader,data:data22};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(func2(data22) < 2){
const err66 = {instancePath:instancePath+"/spec/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters",schema:2,parentSchema:schema16.properties.osLoader,data:data22};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if(!pattern5.test(data22)){
const err67 = {instancePath:instancePath+"/spec/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/pattern",keyword:"pattern",params:{pattern: "^/[^\u0000\r\n]*$"},message:"must match pattern \""+"^/[^\u0000\r\n]*$"+"\"",schema:"^/[^\u0000\r\n]*$",parentSchema:schema16.properties.osLoader,data:data22};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/spec/bhyveload/osLoader",schemaPath:"#/definitions/BhyveloadFirmware/properties/osLoader/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.osLoader.type,parentSchema:schema16.properties.osLoader,data:data22};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
}
else {
const err69 = {instancePath:instancePath+"/spec/bhyveload",schemaPath:"#/definitions/BhyveloadFirmware/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data:data16};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data8.placement !== undefined){
let data23 = data8.placement;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key12 in data23){
if(!((key12 === "hosts") || (key12 === "hostSelector"))){
const err70 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema30,data:data23};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data23.hosts !== undefined){
let data24 = data23.hosts;
if(Array.isArray(data24)){
const len0 = data24.length;
for(let i0=0; i0<len0; i0++){
let data25 = data24[i0];
if(typeof data25 === "string"){
if(func2(data25) > 253){
const err71 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema30.properties.hosts.items,data:data25};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
if(func2(data25) < 1){
const err72 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema30.properties.hosts.items,data:data25};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
else {
const err73 = {instancePath:instancePath+"/spec/placement/hosts/" + i0,schemaPath:"#/definitions/Placement/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hosts.items.type,parentSchema:schema30.properties.hosts.items,data:data25};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
let i1 = data24.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data24[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err74 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema30.properties.hosts,data:data24};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err75 = {instancePath:instancePath+"/spec/placement/hosts",schemaPath:"#/definitions/Placement/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema30.properties.hosts.type,parentSchema:schema30.properties.hosts,data:data24};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data23.hostSelector !== undefined){
let data26 = data23.hostSelector;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key13 in data26){
const _errs81 = errors;
if(typeof key13 === "string"){
if(!pattern1.test(key13)){
const err76 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$",parentSchema:schema30.properties.hostSelector.propertyNames,data:key13,propertyName:key13};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
var valid21 = _errs81 === errors;
if(!valid21){
const err77 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/propertyNames",keyword:"propertyNames",params:{propertyName: key13},message:"property name must be valid",schema:schema30.properties.hostSelector.propertyNames,parentSchema:schema30.properties.hostSelector,data:data26};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
for(const key14 in data26){
let data27 = data26[key14];
if(typeof data27 === "string"){
if(func2(data27) > 1024){
const err78 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data27};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/spec/placement/hostSelector/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/Placement/properties/hostSelector/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.properties.hostSelector.additionalProperties.type,parentSchema:schema30.properties.hostSelector.additionalProperties,data:data27};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
}
else {
const err80 = {instancePath:instancePath+"/spec/placement/hostSelector",schemaPath:"#/definitions/Placement/properties/hostSelector/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.properties.hostSelector.type,parentSchema:schema30.properties.hostSelector,data:data26};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
}
else {
const err81 = {instancePath:instancePath+"/spec/placement",schemaPath:"#/definitions/Placement/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema30.type,parentSchema:schema30,data:data23};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
}
else {
const err82 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema46.properties.spec.type,parentSchema:schema46.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
else {
const err83 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema46.type,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
validate29.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://tshyve.dev/schema/v1alpha1/tshyve.schema.json" */;
let vErrors = null;
let errors = 0;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((data.kind === undefined) && (missing0 = "kind")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.kind !== undefined){
if("VirtualMachine" !== data.kind){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs5 = errors;
if(!(validate11(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
var _valid0 = _errs5 === errors;
valid1 = _valid0;
}
if(!valid1){
const err2 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[0].if,parentSchema:schema11.allOf[0],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs7 = errors;
let valid3 = true;
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing1;
if((data.kind === undefined) && (missing1 = "kind")){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
else {
if(data.kind !== undefined){
if("Bridge" !== data.kind){
const err4 = {};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
var _valid1 = _errs8 === errors;
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs10 = errors;
if(!(validate21(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
var _valid1 = _errs10 === errors;
valid3 = _valid1;
}
if(!valid3){
const err5 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[1].if,parentSchema:schema11.allOf[1],data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs12 = errors;
let valid5 = true;
const _errs13 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing2;
if((data.kind === undefined) && (missing2 = "kind")){
const err6 = {};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
if(data.kind !== undefined){
if("Tap" !== data.kind){
const err7 = {};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
}
var _valid2 = _errs13 === errors;
errors = _errs12;
if(vErrors !== null){
if(_errs12){
vErrors.length = _errs12;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs15 = errors;
if(!(validate23(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
var _valid2 = _errs15 === errors;
valid5 = _valid2;
}
if(!valid5){
const err8 = {instancePath,schemaPath:"#/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[2].if,parentSchema:schema11.allOf[2],data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const _errs17 = errors;
let valid7 = true;
const _errs18 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing3;
if((data.kind === undefined) && (missing3 = "kind")){
const err9 = {};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
if(data.kind !== undefined){
if("Volume" !== data.kind){
const err10 = {};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
}
var _valid3 = _errs18 === errors;
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
if(_valid3){
const _errs20 = errors;
if(!(validate25(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate25.errors : vErrors.concat(validate25.errors);
errors = vErrors.length;
}
var _valid3 = _errs20 === errors;
valid7 = _valid3;
}
if(!valid7){
const err11 = {instancePath,schemaPath:"#/allOf/3/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[3].if,parentSchema:schema11.allOf[3],data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs22 = errors;
let valid9 = true;
const _errs23 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing4;
if((data.kind === undefined) && (missing4 = "kind")){
const err12 = {};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
if(data.kind !== undefined){
if("VolumeSnapshot" !== data.kind){
const err13 = {};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
}
var _valid4 = _errs23 === errors;
errors = _errs22;
if(vErrors !== null){
if(_errs22){
vErrors.length = _errs22;
}
else {
vErrors = null;
}
}
if(_valid4){
const _errs25 = errors;
if(!(validate27(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate27.errors : vErrors.concat(validate27.errors);
errors = vErrors.length;
}
var _valid4 = _errs25 === errors;
valid9 = _valid4;
}
if(!valid9){
const err14 = {instancePath,schemaPath:"#/allOf/4/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[4].if,parentSchema:schema11.allOf[4],data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const _errs27 = errors;
let valid11 = true;
const _errs28 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing5;
if((data.kind === undefined) && (missing5 = "kind")){
const err15 = {};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
if(data.kind !== undefined){
if("Firmware" !== data.kind){
const err16 = {};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
}
var _valid5 = _errs28 === errors;
errors = _errs27;
if(vErrors !== null){
if(_errs27){
vErrors.length = _errs27;
}
else {
vErrors = null;
}
}
if(_valid5){
const _errs30 = errors;
if(!(validate29(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
var _valid5 = _errs30 === errors;
valid11 = _valid5;
}
if(!valid11){
const err17 = {instancePath,schemaPath:"#/allOf/5/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema11.allOf[5].if,parentSchema:schema11.allOf[5],data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err18 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data.kind === undefined){
const err19 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data.apiVersion !== undefined){
let data6 = data.apiVersion;
if("tshyve.dev/v1alpha1" !== data6){
const err20 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "tshyve.dev/v1alpha1"},message:"must be equal to constant",schema:"tshyve.dev/v1alpha1",parentSchema:schema11.properties.apiVersion,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.kind !== undefined){
let data7 = data.kind;
if(!((((((data7 === "VirtualMachine") || (data7 === "Bridge")) || (data7 === "Tap")) || (data7 === "Volume")) || (data7 === "VolumeSnapshot")) || (data7 === "Firmware"))){
const err21 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.kind.enum,parentSchema:schema11.properties.kind,data:data7};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}
