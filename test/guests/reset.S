# Micro guest: asks the i8042 keyboard controller to pulse the reset line (command 0xFE) -> exit 0.
        .include "common.inc"
        .text
start:  PUTS msg
        mov $0xfe, %al
        out %al, $0x64
        EXIT 4
        COMMON_ROUTINES
msg:    .asciz "resetting via i8042\n"
        RESET_VECTOR start
