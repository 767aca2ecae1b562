# Micro guest: real mode -> 32-bit protected mode -> 64-bit long mode (Intel SDM vol 3, 9.8 and
# 9.9), printing one line in each mode; page tables identity-map the first 2 MiB at 0x1000.
        .include "common.inc"
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS rm_msg
        ENTER_LONG_MODE lm64, pm_msg, pg_msg
lm64:   mov $(0xf0000 + lm_msg), %esi
        mov $COM1, %dx
1:      lodsb
        test %al, %al
        jz 2f
        out %al, %dx
        jmp 1b
2:      mov $1, %al
        out %al, $DEBUG_EXIT
3:      hlt
        jmp 3b
        .code32
        PUTS32_ROUTINE
        .code16
        COMMON_ROUTINES
        FLAT_GDT 1
rm_msg: .asciz "real mode\n"
pm_msg: .asciz "protected mode\n"
lm_msg: .asciz "long mode\n"
pg_msg: .asciz "paging on\n"
        RESET_VECTOR start
