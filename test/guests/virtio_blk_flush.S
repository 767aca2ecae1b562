# Micro guest: virtio-blk at 00:04.0 (virtio 1.2 §5.2.6) through the PCI config window: writes 4 KiB
# (0x5a bytes behind the tag "TSHYVE-FLUSHED-DATA") at sector 8, then a FLUSH, prints
# "FLUSHED <status>" and spins forever, so the test can kill -9 the VMM and check the file.
        .include "common.inc"
        .include "virtio.inc"
        .set VIRTIO_SLOT, 4
        .set HDR1, 0x300
        .set HDR2, 0x320
        .set ST1, 0x340
        .set ST2, 0x341
        .set DATA, 0x1000              # linear 0x11000
# DESC i, addr, len, flags: descriptor i of queue 0 (table at %es:0); with NEXT (1), next = i + 1.
        .macro DESC i, addr, len, flags
        movl $\addr, %es:(\i * 16)
        movl $\len, %es:(\i * 16 + 8)
        movw $\flags, %es:(\i * 16 + 12)
        .if \flags & 1
        movw $(\i + 1), %es:(\i * 16 + 14)
        .endif
        .endm
# SUBMIT n, head: avail.ring[n] = head, avail.idx = n + 1, notify queue 0, wait for used.idx n + 1.
        .macro SUBMIT n, head
        movw $\head, %es:(0x104 + 2 * \n)
        movw $(\n + 1), %es:0x102
        xor %ecx, %ecx
        call notify
        mov $(\n + 1), %bx
        call wait_used
        .endm
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        mov $0x1000, %ax
        mov %ax, %es
        xor %di, %di
        xor %ax, %ax
        mov $0x800, %cx
        cld
        rep stosw
        mov $DATA, %di
        mov $0x5a, %al
        mov $4096, %cx
        rep stosb
        mov $DATA, %di
        mov $tag, %si
        mov $19, %cx
        cs rep movsb
        call virtio_init
        jc fail
        mov $0x10000, %ebp
        xor %ecx, %ecx
        call queue_setup
        call driver_ok
        # request 1: OUT sector 8 = desc 0 (hdr) -> 1 (data) -> 2 (status)
        movl $1, %es:HDR1              # VIRTIO_BLK_T_OUT
        movl $8, %es:HDR1+8
        DESC 0, 0x10000 + HDR1, 16, 1  # NEXT
        DESC 1, 0x10000 + DATA, 4096, 1
        DESC 2, 0x10000 + ST1, 1, 2    # WRITE
        movb $0xee, %es:ST1
        SUBMIT 0, 0
        # request 2: FLUSH = desc 3 (hdr) -> 4 (status)
        movl $4, %es:HDR2              # VIRTIO_BLK_T_FLUSH
        DESC 3, 0x10000 + HDR2, 16, 1
        DESC 4, 0x10000 + ST2, 1, 2
        movb $0xee, %es:ST2
        SUBMIT 1, 3
        PUTS flushed
        mov %es:ST1, %al
        mov %es:ST2, %ah
        call puthex16
        PUTS nl
9:      jmp 9b                          # wait for SIGKILL
fail:   PUTS fail_msg
        EXIT 4
        COMMON_ROUTINES
        VIRTIO_ROUTINES
tag:    .ascii "TSHYVE-FLUSHED-DATA"
flushed: .asciz "FLUSHED "
nl:     .asciz "\n"
fail_msg: .asciz "virtio-blk FAILED\n"
        RESET_VECTOR start
