# Micro guest: enters long mode (as long_mode.S), loads an empty IDT and executes ud2: #UD cannot
# be delivered -> #GP -> double fault -> triple fault, which KVM reports as KVM_EXIT_SHUTDOWN (exit 3).
# (Real-mode exception delivery is not emulated by this host's PVM, so the fault is raised in long mode.)
        .include "common.inc"
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS rm_msg
        ENTER_LONG_MODE lm64
lm64:   mov $(0xf0000 + idt_null), %esi
        lidt (%rsi)
        ud2
        mov $4, %al
        out %al, $DEBUG_EXIT
3:      hlt
        jmp 3b
        .code16
        COMMON_ROUTINES
        FLAT_GDT 1
rm_msg: .asciz "about to triple fault\n"
idt_null: .word 0
        .quad 0
        RESET_VECTOR start
