# Micro guest: PIO and MMIO round trips through tshyve's test scratch registers (PIO 0x780, MMIO
# 0xA0000) and all-ones reads of unmapped PIO (0x7f0) and MMIO (0xB0000). Exit 1 on success, 4 on failure.
        .include "common.inc"
        .text
start:  mov $0x780, %dx
        mov $0x12345678, %eax
        out %eax, %dx
        xor %eax, %eax
        in %dx, %eax
        cmp $0x12345678, %eax
        jne fail
        PUTS pio_ok
        mov $0xa000, %ax
        mov %ax, %ds
        movl $0xcafef00d, (0)
        movl (0), %eax
        cmp $0xcafef00d, %eax
        jne fail
        PUTS mmio_ok
        mov $0xb000, %ax
        mov %ax, %ds
        movl (0x10), %eax
        cmp $0xffffffff, %eax
        jne fail
        mov $0x7f0, %dx
        in %dx, %al
        cmp $0xff, %al
        jne fail
        PUTS unmapped_ok
        EXIT 1
fail:   PUTS failed
        EXIT 4
        COMMON_ROUTINES
pio_ok: .asciz "PIO round trip OK\n"
mmio_ok: .asciz "MMIO round trip OK\n"
unmapped_ok: .asciz "unmapped reads all-ones OK\n"
failed: .asciz "FAIL\n"
        RESET_VECTOR start
