# Micro guest: PCI config mechanism #1 (0xCF8/0xCFC) scan of bus 0 devices 0..31, printing
# "pci 00:DD vvvv:dddd" for each present function 0, then exit 1.
        .include "common.inc"
        .text
start:  xor %di, %di               # device number
next:   mov %di, %ax
        shl $11, %ax
        movzx %ax, %eax
        or $0x80000000, %eax
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0xcfc, %dx
        in %dx, %eax
        cmp $0xffff, %ax
        je skip
        mov %eax, %ebp
        PUTS pfx
        mov %di, %ax
        call puthex16
        PUTS sep
        mov %bp, %ax
        call puthex16
        PUTS colon
        shr $16, %ebp
        mov %bp, %ax
        call puthex16
        PUTS nl
skip:   inc %di
        cmp $32, %di
        jb next
        PUTS done
        EXIT 1
        COMMON_ROUTINES
pfx:    .asciz "pci 00:"
sep:    .asciz " "
colon:  .asciz ":"
nl:     .asciz "\n"
done:   .asciz "scan done\n"
        RESET_VECTOR start
