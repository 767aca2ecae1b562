# Micro guest for VM snapshots with virtio: counts on COM1 forever like counter.S, and before each
# line writes the count to sector 0 of the virtio-blk disk at 00:04.0 (two OUT requests, virtio 1.2
# §5.2.6, through the PCI config window), waiting for each completion in the used ring. The count
# and the driver's available index live in RAM, the device's indices in the VMM. Two requests per
# line put the available index beyond the 8-entry ring by `count 0005`, so a restore that lost the
# device's indices sees the index run more than a ring ahead: a device error, and the guest stalls.
        .include "common.inc"
        .include "virtio.inc"
        .set VIRTIO_SLOT, 4
        .set COUNT, 0x500
        .set AVAIL, 0x502             # the driver's next available index
        .set DELAY, 40000
        .set HDR, 0x300               # %es offsets (linear 0x10000 + ...)
        .set ST, 0x340
        .set DATA, 0x1000
        .text
start:  xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        movw $0, COUNT
        movw $0, AVAIL
        mov $0x1000, %ax
        mov %ax, %es
        xor %di, %di
        xor %ax, %ax
        mov $0x1200, %cx
        cld
        rep stosw
        call virtio_init
        jc fail
        mov $0x10000, %ebp
        xor %ecx, %ecx
        call queue_setup
        call driver_ok
        # One chain, reused by every request: header -> data (512 bytes) -> status.
        movl $1, %es:HDR              # VIRTIO_BLK_T_OUT, sector 0
        movl $(0x10000 + HDR), %es:0
        movl $16, %es:8
        movw $1, %es:12               # NEXT
        movw $1, %es:14
        movl $(0x10000 + DATA), %es:16
        movl $512, %es:24
        movw $1, %es:28
        movw $2, %es:30
        movl $(0x10000 + ST), %es:32
        movl $1, %es:40
        movw $2, %es:44               # WRITE
        PUTS hello
next:   incw COUNT
        mov COUNT, %ax
        mov %ax, %es:DATA
        movb $0xee, %es:ST
        call submit
        cmpb $0, %es:ST
        jne fail
        movb $0xee, %es:ST
        call submit
        cmpb $0, %es:ST
        jne fail
        PUTS prefix
        mov COUNT, %ax
        call puthex16
        mov $'\n', %al
        out %al, %dx
        mov $DELAY, %ecx
1:      dec %ecx
        jnz 1b
        jmp next
fail:   PUTS fail_msg
        EXIT 4
# submit: makes descriptor 0 available as entry AVAIL, notifies queue 0, waits until used.idx follows.
submit: mov AVAIL, %bx
        and $7, %bx
        shl $1, %bx
        movw $0, %es:0x104(%bx)
        incw AVAIL
        mov AVAIL, %ax
        mov %ax, %es:0x102
        xor %ecx, %ecx
        call notify
        mov AVAIL, %bx
        jmp wait_used
        COMMON_ROUTINES
        VIRTIO_ROUTINES
hello:  .asciz "counter start\n"
prefix: .asciz "count "
fail_msg: .asciz "virtio-blk counter FAILED\n"
        RESET_VECTOR start
