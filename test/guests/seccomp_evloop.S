# Micro guest for the seccomp tests: asks the test seccomp probe (PIO 0x788) to make the event-loop
# thread call a forbidden syscall, then waits (about a second of port writes) before "still running".
        .include "common.inc"
        .text
start:  PUTS msg
        mov $0x788, %dx
        mov $2, %al
        out %al, %dx
        mov $200000, %ecx
        mov $0x780, %dx               # the test scratch register
1:      out %al, %dx                  # each write is an exit: time passes on the host
        loop 1b
        PUTS after
        EXIT 1
        COMMON_ROUTINES
msg:    .asciz "probing the event-loop filter\n"
after:  .asciz "still running\n"
        RESET_VECTOR start
