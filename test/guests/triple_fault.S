# Micro guest: enters long mode (as long_mode.S), loads an empty IDT and executes ud2: #UD cannot
# be delivered -> #GP -> double fault -> triple fault, which KVM reports as KVM_EXIT_SHUTDOWN (exit 3).
# (Real-mode exception delivery is not emulated by this host's PVM, so the fault is raised in long mode.)
        .include "common.inc"
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS rm_msg
        lgdtl %cs:gdt_desc
        mov %cr0, %eax
        or $1, %eax
        mov %eax, %cr0
        ljmpl $0x08, $(0xf0000 + pm32)
        .code32
pm32:   mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov $0x7000, %esp
        mov $(0xf0000 + pm_msg), %esi
        call puts32
        # PML4 at 0x1000 -> PDPT 0x2000 -> PD 0x3000 with one 2 MiB page.
        mov $0x1000, %edi
        xor %eax, %eax
        mov $(3 * 1024), %ecx
        rep stosl
        movl $0x2003, (0x1000)
        movl $0x3003, (0x2000)
        movl $0x83, (0x3000)
        mov $0x1000, %eax
        mov %eax, %cr3
        mov %cr4, %eax
        or $0x20, %eax             # PAE
        mov %eax, %cr4
        mov $0xc0000080, %ecx      # EFER.LME
        rdmsr
        or $0x100, %eax
        wrmsr
        mov %cr0, %eax
        or $0x80000000, %eax       # PG
        mov %eax, %cr0
        mov $(0xf0000 + pg_msg), %esi
        call puts32
        ljmp $0x18, $(0xf0000 + lm64)
        .code64
lm64:   mov $(0xf0000 + idt_null), %esi
        lidt (%rsi)
        ud2
        mov $4, %al
        out %al, $DEBUG_EXIT
3:      hlt
        jmp 3b
        .code32
puts32: mov $COM1, %dx
1:      lodsb
        test %al, %al
        jz 2f
        out %al, %dx
        jmp 1b
2:      ret
        .code16
        COMMON_ROUTINES
        .p2align 3
gdt:    .quad 0
        .quad 0x00cf9b000000ffff   # 0x08: 32-bit code
        .quad 0x00cf93000000ffff   # 0x10: data
        .quad 0x00af9b000000ffff   # 0x18: 64-bit code
gdt_desc: .word gdt_desc - gdt - 1
        .long 0xf0000 + gdt
rm_msg: .asciz "about to triple fault\n"
pm_msg: .asciz ""
idt_null: .word 0
        .quad 0
pg_msg: .asciz ""
        RESET_VECTOR start
