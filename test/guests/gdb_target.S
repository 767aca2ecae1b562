# Micro guest for the GDB stub tests: real mode -> long mode (common.inc), then five ticks; each
# tick increments the dword at 0x5000 at the label gdb_mark (a breakpoint and watchpoint target
# whose address is 0xf0000 + its offset in the image), prints "tick N" and spins a little.
        .include "common.inc"
        .set COUNTER, 0x5000
        .set TICKS, 5
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS rm_msg
        ENTER_LONG_MODE lm64
lm64:   movl $0, (COUNTER)
        mov $TICKS, %r12d
tick:
        .globl gdb_mark
gdb_mark:
        incl (COUNTER)
        .globl gdb_after_mark
gdb_after_mark:
        mov $(0xf0000 + tick_msg), %esi
        call puts64
        mov (COUNTER), %eax
        add $'0', %al
        mov $COM1, %dx
        out %al, %dx
        mov $'\n', %al
        out %al, %dx
        mov $100000, %ecx
1:      dec %ecx
        jnz 1b
        dec %r12d
        jnz tick
        mov $(0xf0000 + done_msg), %esi
        call puts64
        mov $1, %al
        out %al, $DEBUG_EXIT
2:      hlt
        jmp 2b
puts64: mov $COM1, %dx
1:      lodsb
        test %al, %al
        jz 2f
        out %al, %dx
        jmp 1b
2:      ret
        .code32
        PUTS32_ROUTINE
        .code16
        COMMON_ROUTINES
        FLAT_GDT 1
rm_msg:   .asciz "gdb target up\n"
tick_msg: .asciz "tick "
done_msg: .asciz "gdb target done\n"
        RESET_VECTOR start
