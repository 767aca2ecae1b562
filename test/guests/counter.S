# Micro guest for VM snapshots: counts on COM1 forever, "count XXXX" (hex) per line with a busy
# wait between lines; the count lives in RAM at 0x500, so a restore must bring memory back too.
        .include "common.inc"
        .set COUNT, 0x500
        .set DELAY, 40000            # ~45 ms of emulated real-mode loop here
        .text
start:  xor %ax, %ax
        mov %ax, %ds
        movw $0, COUNT
        PUTS hello
next:   incw COUNT
        PUTS prefix
        mov COUNT, %ax
        call puthex16
        mov $'\n', %al
        out %al, %dx
        mov $DELAY, %ecx
1:      dec %ecx
        jnz 1b
        jmp next
        COMMON_ROUTINES
hello:  .asciz "counter start\n"
prefix: .asciz "count "
        RESET_VECTOR start
