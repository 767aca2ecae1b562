# Micro guest for the seccomp tests: asks the test seccomp probe (PIO 0x788) to make this vCPU
# thread call a forbidden syscall; with filters on the VM process ends before "still running".
        .include "common.inc"
        .text
start:  PUTS msg
        mov $0x788, %dx
        mov $1, %al
        out %al, %dx
        PUTS after
        EXIT 1
        COMMON_ROUTINES
msg:    .asciz "probing the vcpu filter\n"
after:  .asciz "still running\n"
        RESET_VECTOR start
