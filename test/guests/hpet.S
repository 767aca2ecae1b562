# Micro guest: the HPET (IA-PC HPET 1.0a) at 0xfed00000 in 32-bit protected mode. Reads GCAP_ID
# (vendor, comparators, 64-bit counter, period), measures the main counter against the ACPI PM timer
# (3.579545 MHz at 0x608) over 35795 PM ticks (10 ms), then routes comparator 2 to IOAPIC pin 11
# (edge), arms it 1 ms ahead and sleeps in `sti; hlt` until its interrupt arrives.
# Prints "hpet cap VVVV NN PPPPPPPP", "hpet delta HHHHHHHH pm PPPPPPPP", "hpet irq"; exits 1, or 4.
        .include "common.inc"
        .set HPET, 0xfed00000
        .set LAPIC, 0xfee00000
        .set IOAPIC, 0xfec00000
        .set PM_TMR, 0x608
        .set IDT, 0x1000
        .set FLAG, 0x600
        .set VECTOR, 0x41
        .set PIN, 11
        .set PM_TICKS, 35795
        .text
start:  cli
        xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        ENTER_PM32 pm32
        movl $0, FLAG
        mov $0xff, %al                 # 8259s masked: the IOAPIC path only
        out %al, $0x21
        out %al, $0xa1
        mov $IDT, %edi
        mov $256, %ecx
        mov $(0x80000 + unexpected), %eax
        mov $0x000f8e00, %edx
1:      mov %eax, (%edi)
        mov %edx, 4(%edi)
        add $8, %edi
        loop 1b
        movl $(0x80000 + irq_handler), IDT + VECTOR * 8
        lidt (0xf0000 + idt_desc)
        mov $0x1b, %ecx                # LAPIC enabled, SVR software enable, TPR 0
        rdmsr
        or $0x800, %eax
        wrmsr
        movl $0x1ff, LAPIC + 0xf0
        movl $0, LAPIC + 0x80
        # Capabilities: vendor (31:16), NUM_TIM_CAP (12:8), COUNT_SIZE_CAP (13), period (63:32).
        mov $(0xf0000 + cap_msg), %esi
        call puts32
        mov HPET, %ebx
        mov %ebx, %eax
        shr $16, %eax
        call puthex16_32
        call space
        mov %ebx, %eax
        shr $8, %eax
        and $0x1f, %eax
        call puthex8_32
        call space
        mov HPET + 4, %eax
        call puthex32
        call newline
        mov %ebx, %eax
        shr $16, %eax
        cmp $0x8086, %eax              # nothing decodes here without an HPET (reads all-ones)
        jne fail
        test $0x2000, %ebx
        jz fail
        mov %ebx, %eax
        shr $8, %eax
        and $0x1f, %eax
        cmp $2, %eax                   # at least 3 comparators
        jb fail
        # Counter against the PM timer: enable, then count 10 ms of PM ticks.
        movl $0, HPET + 0x10
        movl $0, HPET + 0xf0
        movl $0, HPET + 0xf4
        movl $1, HPET + 0x10           # ENABLE_CNF
        mov $PM_TMR, %dx
        in %dx, %eax
        and $0xffffff, %eax
        mov %eax, %edi                 # PM start
        mov HPET + 0xf0, %ebp          # HPET start
2:      in %dx, %eax
        and $0xffffff, %eax
        sub %edi, %eax
        and $0xffffff, %eax
        cmp $PM_TICKS, %eax
        jb 2b
        mov HPET + 0xf0, %ebx
        sub %ebp, %ebx
        mov %eax, %edi
        mov $(0xf0000 + delta_msg), %esi
        call puts32
        mov %ebx, %eax
        call puthex32
        mov $(0xf0000 + pm_msg), %esi
        call puts32
        mov %edi, %eax
        call puthex32
        call newline
        # IOAPIC pin 11: VECTOR, fixed, physical, edge, active high, unmasked, to APIC ID 0.
        movl $(0x10 + 2 * PIN), IOAPIC
        movl $VECTOR, IOAPIC + 0x10
        movl $(0x11 + 2 * PIN), IOAPIC
        movl $0, IOAPIC + 0x10
        # Comparator 2: route PIN, interrupt enabled, edge, one-shot, 1 ms (14318 ticks) ahead.
        movl $((PIN << 9) | 4), HPET + 0x140
        mov HPET + 0x144, %eax         # Tn_INT_ROUTE_CAP must include PIN
        test $(1 << PIN), %eax
        jz fail
        mov HPET + 0xf0, %eax
        add $14318, %eax
        mov HPET + 0xf4, %edx
        adc $0, %edx
        mov %eax, HPET + 0x148
        mov %edx, HPET + 0x14c
3:      cli
        cmpl $0, FLAG
        jne got_irq
        sti
        hlt
        jmp 3b
got_irq:
        mov $(0xf0000 + irq_msg), %esi
        call puts32
        EXIT 1
fail:   mov $(0xf0000 + fail_msg), %esi
        call puts32
        EXIT 4

irq_handler:
        movl $1, FLAG
        movl $0, LAPIC + 0xb0          # EOI
        mov $0x7000, %esp              # no IRET under PVM's emulator (see virtio_irq.inc)
        jmp got_irq
unexpected:
        mov $(0xf0000 + unexp_msg), %esi
        call puts32
        EXIT 4

# puthex32 / puthex16_32 / puthex8_32: %eax as 8 / 4 / 2 hex digits on COM1 (clobber %eax-%edx).
puthex32:
        mov $8, %ecx
        jmp puthex
puthex16_32:
        shl $16, %eax
        mov $4, %ecx
        jmp puthex
puthex8_32:
        shl $24, %eax
        mov $2, %ecx
puthex: push %ebx
        mov %eax, %ebx
        mov $COM1, %dx
4:      rol $4, %ebx
        mov %bl, %al
        and $0x0f, %al
        add $'0', %al
        cmp $'9', %al
        jbe 5f
        add $('a' - '0' - 10), %al
5:      out %al, %dx
        loop 4b
        pop %ebx
        ret
space:  mov $' ', %al
        jmp 6f
newline:
        mov $'\n', %al
6:      push %edx
        mov $COM1, %dx
        out %al, %dx
        pop %edx
        ret
        PUTS32_ROUTINE
        .code16
        FLAT_GDT
idt_desc: .word 256 * 8 - 1
        .long IDT
cap_msg: .asciz "hpet cap "
delta_msg: .asciz "hpet delta "
pm_msg:  .asciz " pm "
irq_msg: .asciz "hpet irq\n"
fail_msg: .asciz "hpet FAILED\n"
unexp_msg: .asciz "unexpected interrupt\n"
        RESET_VECTOR start
