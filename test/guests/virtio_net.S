# Micro guest: drives virtio-net at 00:03.0 (virtio 1.2 §5.1) through the PCI config window: sends
# one broadcast frame from its configured MAC (ethertype 0x88b5, payload "TSHYVE-NET-TX"), posts a receive buffer, waits for
# a frame from the host and prints its payload, then exits 1. Rings at 0x10000 (rx) / 0x11000 (tx).
        .include "common.inc"
        .include "virtio.inc"
        .set VIRTIO_SLOT, 3
        .set RXQ, 0x0000               # offsets in segment 0x1000 (linear 0x10000)
        .set TXQ, 0x1000
        .set RXBUF, 0x2000
        .set TXBUF, 0x3000
        .set RXEXP, 0x3800             # the receive used.idx we wait for
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        mov $0x1000, %ax
        mov %ax, %es
        # zero the rings and buffers (linear 0x10000..0x14000)
        xor %di, %di
        xor %ax, %ax
        mov $0x2000, %cx
        cld
        rep stosw
        call virtio_init
        jc fail
        mov $0x10000, %ebp
        xor %ecx, %ecx
        call queue_setup
        mov $0x11000, %ebp
        mov $1, %ecx
        call queue_setup
        call driver_ok
        PUTS up_msg
        # receive buffer: desc 0 = {0x12000, 2048, WRITE}
        movl $0x12000, %es:RXQ+0
        movl $0, %es:RXQ+4
        movl $2048, %es:RXQ+8
        movw $2, %es:RXQ+12
        movw $0, %es:RXQ+0x104         # avail.ring[0] = 0
        movw $1, %es:RXQ+0x102         # avail.idx = 1
        xor %ecx, %ecx
        call notify
        # transmit: 12-byte zero virtio_net_hdr + 60-byte frame
        mov $(TXBUF + 12), %di
        mov $6, %cx
        mov $0xff, %al
        rep stosb                      # dst ff:ff:ff:ff:ff:ff
        mov $4, %edi                   # src = the MAC in the device config (§5.1.4)
        mov $0x2000, %esi
        call bar_r
        mov %eax, %es:TXBUF+18
        mov $2, %edi
        mov $0x2004, %esi
        call bar_r
        mov %ax, %es:TXBUF+22
        movw $0xb588, %es:TXBUF+24     # ethertype 0x88b5 (big-endian on the wire)
        mov $(TXBUF + 26), %di
        mov $tx_payload, %si
        mov $14, %cx
        cs rep movsb
        movl $0x13000, %es:TXQ+0
        movl $0, %es:TXQ+4
        movl $72, %es:TXQ+8
        movw $0, %es:TXQ+12
        movw $0, %es:TXQ+0x104
        movw $1, %es:TXQ+0x102
        mov $1, %ecx
        call notify
        mov $0x8000000, %ecx
1:      cmpw $1, %es:TXQ+0x202         # used.idx
        je 2f
        dec %ecx
        jnz 1b
        jmp fail
2:      PUTS tx_msg
        # Wait for a frame; re-send ours about every second meanwhile (a peer VM may start later).
        mov $300, %bp
        movw $1, %es:RXEXP
3:      mov $0x40000, %ecx
31:     mov %es:RXEXP, %ax
        cmpw %ax, %es:RXQ+0x202
        je 4f
        dec %ecx
        jnz 31b
        incw %es:TXQ+0x102             # avail.ring[] is all zeros: head 0 again
        mov $1, %ecx
        call notify
        dec %bp
        jnz 3b
        jmp fail
4:      cmpw $0xb588, %es:RXBUF+24     # ethertype 0x88b5? (the host also sends IPv6 noise)
        je 41f
        incw %es:RXEXP                 # not ours: give the buffer back (avail.ring[] is zeros)
        incw %es:RXQ+0x102
        xor %ecx, %ecx
        call notify
        jmp 3b
41:     PUTS rx_msg
        mov $(RXBUF + 12 + 14), %si    # payload after the header and the Ethernet header
        mov $16, %cx
        mov $COM1, %dx
5:      mov %es:(%si), %al
        cmp $0x20, %al
        jb 6f
        out %al, %dx
        inc %si
        loop 5b
6:      PUTS nl
        # Send ours once more: a peer that started after our first frames is surely listening now.
        incw %es:TXQ+0x102
        mov $1, %ecx
        call notify
        mov %es:TXQ+0x102, %ax
        mov $0x1000000, %ecx
7:      cmpw %ax, %es:TXQ+0x202
        je 8f
        dec %ecx
        jnz 7b
8:      EXIT 1
fail:   PUTS fail_msg
        EXIT 4
        COMMON_ROUTINES
        VIRTIO_ROUTINES
tx_payload: .ascii "TSHYVE-NET-TX\0"
up_msg: .asciz "virtio-net up\n"
tx_msg: .asciz "tx done\n"
rx_msg: .asciz "rx: "
nl:     .asciz "\n"
fail_msg: .asciz "virtio-net FAILED\n"
        RESET_VECTOR start
