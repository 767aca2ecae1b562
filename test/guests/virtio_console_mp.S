# Micro guest: virtio-console at 00:06.0 with VIRTIO_CONSOLE_F_MULTIPORT (virtio 1.2 §5.3.6.2), in
# 32-bit protected mode over BAR 0 by MMIO, polling: DEVICE_READY -> two DEVICE_ADD, PORT_READY(1) ->
# PORT_NAME (printed), waits for PORT_OPEN(1) (a host client), opens port 1, sends a greeting on its
# transmitq (queue 5) and prints what arrives on its receiveq (queue 4). Exits 1, or 4 on failure.
        .include "common.inc"
        .set SLOT, 6
        .set BAR, 0xc0000000           # first address of the platform's 32-bit PCI window
        .set CFG_BASE, 0x80000000 | (SLOT << 11)
        .set RINGS, 0x20000            # queue q: desc RINGS+q*0x1000, avail +0x100, used +0x200 (size 8)
        .set CBUF, 0x30000             # 8 control receive buffers of 64 bytes
        .set CTX, 0x31000              # control messages sent, 16 bytes apart
        .set CTXN, 0x600               # number of control messages sent
        .set TXB, 0x32000
        .set RXB, 0x33000
        .set CTRL_RX, 2
        .set CTRL_TX, 3
        .set P1_RX, 4
        .set P1_TX, 5
        .text
start:  cli
        xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        ENTER_PM32 pm32
        movl $0, CTXN
        mov $0x10, %bl                 # BAR 0, then memory decoding + bus mastering
        mov $BAR, %ecx
        call cfg_w32
        mov $0x04, %bl
        mov $0x6, %ecx
        call cfg_w32
        movb $0, BAR + 0x14            # §3.1.1: reset, ACKNOWLEDGE|DRIVER
        movb $3, BAR + 0x14
        movl $0, BAR + 0x08
        movl $2, BAR + 0x0c            # VIRTIO_CONSOLE_F_MULTIPORT (bit 1)
        movl $1, BAR + 0x08
        movl $1, BAR + 0x0c            # VERSION_1 (bit 32)
        movb $0xb, BAR + 0x14
        testb $8, BAR + 0x14
        jz fail
        mov $CTRL_RX, %ecx
        call qsetup
        mov $CTRL_TX, %ecx
        call qsetup
        mov $P1_RX, %ecx
        call qsetup
        mov $P1_TX, %ecx
        call qsetup
        movb $0xf, BAR + 0x14          # DRIVER_OK
        xor %ecx, %ecx                 # eight 64-byte control receive buffers
1:      mov %ecx, %eax
        shl $6, %eax
        add $CBUF, %eax
        push %ecx
        mov $CTRL_RX, %esi
        mov $64, %edx
        mov $2, %ebx                   # VIRTQ_DESC_F_WRITE
        call push_buf
        pop %ecx
        inc %ecx
        cmp $8, %ecx
        jne 1b
        mov $CTRL_RX, %ecx
        call kick
        mov $0xffffffff, %eax          # DEVICE_READY(1), id VIRTIO_CONSOLE_BAD_ID as Linux
        mov $0x00010000, %edx
        call ctrl_send
        mov $2, %eax                   # two DEVICE_ADD
        call wait_ctrl
        cmpl $0x00000001, CBUF + 4     # message 0: DEVICE_ADD (1), value 0
        jne fail
        cmpl $1, CBUF + 64             # message 1: for port 1
        jne fail
        mov $1, %eax                   # PORT_READY(1) for port 1
        mov $0x00010003, %edx
        call ctrl_send
        mov $3, %eax
        call wait_ctrl
        cmpl $1, CBUF + 2 * 64         # message 2: PORT_NAME (7) of port 1, name after the header
        jne fail
        cmpw $7, CBUF + 2 * 64 + 4
        jne fail
        mov $(0xf0000 + name_msg), %esi
        call puts32
        mov $(CBUF + 2 * 64 + 8), %esi
        call puts32
        mov $(0xf0000 + nl), %esi
        call puts32
        mov $4, %eax                   # message 3: PORT_OPEN(1) once a host client is there
        call wait_ctrl
        cmpl $1, CBUF + 3 * 64
        jne fail
        cmpl $0x00010006, CBUF + 3 * 64 + 4
        jne fail
        mov $(0xf0000 + host_msg), %esi
        call puts32
        mov $1, %eax                   # the guest opens port 1
        mov $0x00010006, %edx
        call ctrl_send
        mov $P1_RX, %esi               # a receive buffer for port 1
        mov $RXB, %eax
        mov $63, %edx
        mov $2, %ebx
        call push_buf
        mov $P1_RX, %ecx
        call kick
        mov $(0xf0000 + greet), %esi   # the greeting, copied to RAM, on port 1's transmitq
        mov $TXB, %edi
        mov $(greet_end - greet), %ecx
        rep movsb
        mov $P1_TX, %esi
        mov $TXB, %eax
        mov $(greet_end - greet), %edx
        xor %ebx, %ebx
        call push_buf
        mov $P1_TX, %ecx
        call kick
        mov $P1_TX, %esi
        mov $1, %eax
        call wait_used
        mov $P1_RX, %esi
        mov $1, %eax
        call wait_used
        mov $(0xf0000 + got_msg), %esi
        call puts32
        mov $RXB, %esi
        call puts32
        mov $(0xf0000 + nl), %esi
        call puts32
        EXIT 1
fail:   mov $(0xf0000 + fail_msg), %esi
        call puts32
        EXIT 4

# qsetup: queue %ecx, 8 entries, rings at RINGS + %ecx * 0x1000 (clobbers %eax, %ebp).
qsetup: mov %ecx, %ebp
        shl $12, %ebp
        add $RINGS, %ebp
        movw %cx, BAR + 0x16
        movw $8, BAR + 0x18
        mov %ebp, BAR + 0x20
        lea 0x100(%ebp), %eax
        mov %eax, BAR + 0x28
        lea 0x200(%ebp), %eax
        mov %eax, BAR + 0x30
        movw $1, BAR + 0x1c
        ret
# push_buf: one-descriptor chain {%eax, %edx bytes, flags %ebx} made available on queue %esi.
push_buf:
        mov %esi, %ebp
        shl $12, %ebp
        add $RINGS, %ebp
        movzwl 0x102(%ebp), %ecx       # avail.idx; descriptor i = idx mod 8
        mov %ecx, %edi
        and $7, %edi
        push %edi
        shl $4, %edi
        add %ebp, %edi                 # &desc[i]
        mov %eax, (%edi)
        movl $0, 4(%edi)
        mov %edx, 8(%edi)
        mov %ebx, 12(%edi)             # flags, next 0
        pop %edi
        mov %di, 0x104(%ebp, %edi, 2)  # avail.ring[i] = i
        inc %ecx
        mov %cx, 0x102(%ebp)
        ret
# kick: notify queue %ecx through the notify region (queue_notify_off = index, multiplier 4).
kick:   movw %cx, BAR + 0x3000(, %ecx, 4)
        ret
# ctrl_send: control message {id %eax, event|value<<16 %edx} on the control transmitq.
ctrl_send:
        mov CTXN, %ecx
        shl $4, %ecx
        add $CTX, %ecx
        mov %eax, (%ecx)
        mov %edx, 4(%ecx)
        incl CTXN
        mov %ecx, %eax
        mov $CTRL_TX, %esi
        mov $8, %edx
        xor %ebx, %ebx
        call push_buf
        mov $CTRL_TX, %ecx
        call kick
        ret
# wait_ctrl / wait_used: until used.idx of the control receiveq / queue %esi reaches %eax.
wait_ctrl:
        mov $CTRL_RX, %esi
wait_used:
        shl $12, %esi
        add $(RINGS + 0x202), %esi
        mov $0x4000000, %ecx
1:      cmpw %ax, (%esi)
        jae 2f
        dec %ecx
        jnz 1b
        jmp fail
2:      ret
# cfg_addr: selects config dword %bl of 00:SLOT.0 on 0xCF8; %dx = 0xCFC (clobbers %eax).
cfg_addr:
        movzbl %bl, %eax
        and $0xfc, %al
        or $CFG_BASE, %eax
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0xcfc, %dx
        ret
# cfg_w32: config dword at offset %bl <- %ecx (clobbers %eax, %edx).
cfg_w32:
        call cfg_addr
        mov %ecx, %eax
        out %eax, %dx
        ret
        PUTS32_ROUTINE
        .code16
        FLAT_GDT
greet:  .ascii "hello from port 1\n"
greet_end:
name_msg: .asciz "port 1 name: "
host_msg: .asciz "host connected\n"
got_msg: .asciz "port 1 got: "
nl:     .asciz "\n"
fail_msg: .asciz "virtio-console multiport FAILED\n"
        RESET_VECTOR start
