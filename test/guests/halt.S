# Micro guest that halts for good: prints a line, then `cli; hlt` (only NMI/INIT could wake it).
# bhyve ends such a VM with exit status 2 (halt); tshyve's halt check must too.
        .include "common.inc"
        .text
start:  cli
        PUTS msg
1:      hlt
        jmp 1b
        COMMON_ROUTINES
msg:    .asciz "halting with interrupts off\n"
        RESET_VECTOR start
