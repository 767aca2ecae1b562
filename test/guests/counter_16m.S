# Micro guest for the snapshot benchmark: in 64-bit long mode touches the 4096 pages of 16 MiB from
# 2 MiB (the first quadword of each gets its own address, so no page is all zero), then counts on
# COM1 as counter.S does, "count XXXX" per line, with a short busy wait (~2 ms where the host
# emulates the guest, as PVM does) so that a restored guest prints again at once.
        .include "common.inc"
        .set COUNT, 0x500
        .set DELAY, 2000
        .set TOUCH_BASE, 0x200000
        .set TOUCH_END, 0x1200000
        .text
start:  xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS hello
        ENTER_LONG_MODE lm64
lm64:   mov $1, %ecx                  # PD entries 1..9: 2 MiB pages identity-mapping 2-20 MiB
1:      mov %rcx, %rax
        shl $21, %rax
        or $0x83, %rax
        mov %rax, 0x3000(,%rcx,8)
        inc %ecx
        cmp $10, %ecx
        jb 1b
        mov %cr3, %rax
        mov %rax, %cr3
        mov $TOUCH_BASE, %edi
2:      mov %rdi, (%rdi)
        add $4096, %rdi
        cmp $TOUCH_END, %rdi
        jb 2b
        movl $0, COUNT
next:   incl COUNT
        mov $COM1, %dx
        mov $(0xf0000 + prefix), %esi
3:      lodsb
        test %al, %al
        jz 4f
        out %al, %dx
        jmp 3b
4:      mov COUNT, %bx
        mov $4, %ecx
5:      rol $4, %bx
        mov %bl, %al
        and $0xf, %al
        add $'0', %al
        cmp $'9', %al
        jbe 6f
        add $('a' - '9' - 1), %al
6:      out %al, %dx
        loop 5b
        mov $'\n', %al
        out %al, %dx
        mov $DELAY, %ecx
7:      dec %ecx
        jnz 7b
        jmp next
        .code32
        PUTS32_ROUTINE
        .code16
        COMMON_ROUTINES
        FLAT_GDT 1
hello:  .asciz "counter start\n"
prefix: .asciz "count "
        RESET_VECTOR start
