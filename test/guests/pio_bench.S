# Benchmark guest: prints "S", performs 100000 port writes to 0x780 (each a userspace exit on tshyve
# and on QEMU), prints "E\n" and ends with debug-exit 1. The host times S -> E.
        .include "common.inc"
        .text
start:  mov $COM1, %dx
        mov $'S', %al
        out %al, %dx
        mov $0x780, %dx
        mov $100000, %ecx
1:      out %al, %dx
        dec %ecx
        jnz 1b
        PUTS end_msg
        EXIT 1
        COMMON_ROUTINES
end_msg: .asciz "E\n"
        RESET_VECTOR start
