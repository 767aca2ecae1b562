# Micro guest: prints one line on COM1 and ends with debug-exit 1 (used for start-up latency).
        .include "common.inc"
        .text
start:  PUTS msg
        EXIT 1
        COMMON_ROUTINES
msg:    .asciz "Hello from a tshyve micro guest\n"
        RESET_VECTOR start
