#!/usr/bin/env python3
# The host side of the virtio-net test: an AF_PACKET socket on the tap (inside the test's network
# namespace) that waits for the guest's frame (ethertype 0x88b5) and answers with frames to its MAC.
import socket, sys, time
ifname = sys.argv[1]
ETH_P = 0x88b5
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
s.bind((ifname, 0))
s.settimeout(0.5)
print('READY', flush=True)
deadline = time.time() + float(sys.argv[2] if len(sys.argv) > 2 else 120)
src = None
while time.time() < deadline:
    try:
        frame = s.recv(2048)
    except socket.timeout:
        frame = None
    if frame and src is None and b'TSHYVE-NET-TX' in frame:
        src = frame[6:12]
        print('GOT %s %s' % (src.hex(':'), frame[14:27].decode()), flush=True)
    if src is not None:
        reply = src + bytes.fromhex('020000000001') + ETH_P.to_bytes(2, 'big') + b'TSHYVE-NET-RX-OK'
        s.send(reply + b'\0' * (60 - len(reply)))
        time.sleep(0.2)
