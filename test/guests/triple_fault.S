# Micro guest: loads an empty IDT and raises int3: #GP -> double fault -> triple fault (exit 3).
        .include "common.inc"
        .text
start:  PUTS msg
        lidtl %cs:idt_null
        int3
        EXIT 4
        COMMON_ROUTINES
idt_null: .word 0
        .long 0
msg:    .asciz "about to triple fault\n"
        RESET_VECTOR start
