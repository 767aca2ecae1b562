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
        movl $0x10300, %es:0x00
        movl $16, %es:0x08
        movw $1, %es:0x0c              # NEXT
        movw $1, %es:0x0e
        movl $0x11000, %es:0x10
        movl $4096, %es:0x18
        movw $1, %es:0x1c
        movw $2, %es:0x1e
        movl $0x10340, %es:0x20
        movl $1, %es:0x28
        movw $2, %es:0x2c              # WRITE
        movb $0xee, %es:ST1
        movw $0, %es:0x104
        movw $1, %es:0x102
        xor %ecx, %ecx
        call notify
        mov $1, %bx
        call wait_used
        # request 2: FLUSH = desc 3 (hdr) -> 4 (status)
        movl $4, %es:HDR2              # VIRTIO_BLK_T_FLUSH
        movl $0x10320, %es:0x30
        movl $16, %es:0x38
        movw $1, %es:0x3c
        movw $4, %es:0x3e
        movl $0x10341, %es:0x40
        movl $1, %es:0x48
        movw $2, %es:0x4c
        movb $0xee, %es:ST2
        movw $3, %es:0x106
        movw $2, %es:0x102
        xor %ecx, %ecx
        call notify
        mov $2, %bx
        call wait_used
        PUTS flushed
        mov %es:ST1, %al
        mov %es:ST2, %ah
        call puthex16
        PUTS nl
9:      jmp 9b                          # wait for SIGKILL
fail:   PUTS fail_msg
        EXIT 4
# wait_used: spins until used.idx == %bx.
wait_used:
        mov $0x8000000, %ecx
1:      cmpw %bx, %es:0x202
        je 2f
        dec %ecx
        jnz 1b
        jmp fail
2:      ret
        COMMON_ROUTINES
        VIRTIO_ROUTINES
tag:    .ascii "TSHYVE-FLUSHED-DATA"
flushed: .asciz "FLUSHED "
nl:     .asciz "\n"
fail_msg: .asciz "virtio-blk FAILED\n"
        RESET_VECTOR start
