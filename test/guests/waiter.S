# Micro guest that behaves like a small OS for lifecycle tests: prints "waiter ready", echoes what
# arrives on COM1 (RX interrupt, IRQ4 through the 8259 PIC), and on the ACPI power button (SCI,
# IRQ9) prints "power button" and powers off through PM1a_CNT S5 -> exit 1. Idles in HLT.
        .include "common.inc"
        .text
start:  cli
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        movw $uart_isr, 0x30          # IVT[0x0c] = IRQ4 with the master PIC at vector 8
        movw $0xf000, 0x32
        movw $sci_isr, 0x1c4          # IVT[0x71] = IRQ9 with the slave PIC at vector 0x70
        movw $0xf000, 0x1c6
        PIC_INIT 0x20, 0x08, 0x04, 0xeb  # master 8259: vector 8; mask all but IRQ2 and IRQ4
        PIC_INIT 0xa0, 0x70, 0x02, 0xfd  # slave 8259: vector base 0x70, unmask IRQ9 only
        mov $0x8000f840, %eax         # ICH9 LPC PMBASE = 0x600
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x601, %eax
        mov $0xcfc, %dx
        out %eax, %dx
        mov $0x8000f844, %eax         # ACPI_CNTL: enable the PM block
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x80, %al
        mov $0xcfc, %dx
        out %al, %dx
        mov $0x0100, %ax              # PM1a_EN: PWRBTN_EN
        mov $0x602, %dx
        out %ax, %dx
        mov $0x0001, %ax              # PM1a_CNT: SCI_EN
        mov $0x604, %dx
        out %ax, %dx
        mov $0x3f9, %dx               # UART IER: received-data interrupt
        mov $0x01, %al
        out %al, %dx
        mov $0x3fc, %dx               # UART MCR: DTR | RTS | OUT2 (OUT2 gates the IRQ on a PC)
        mov $0x0b, %al
        out %al, %dx
        PUTS ready
        sti
idle:   hlt
        jmp idle

uart_isr:
        push %ax
        push %dx
1:      mov $0x3fd, %dx               # LSR: data ready?
        in %dx, %al
        test $0x01, %al
        jz 2f
        mov $0x3f8, %dx
        in %dx, %al
        out %al, %dx                  # echo
        jmp 1b
2:      mov $0x20, %al                # EOI
        out %al, $0x20
        pop %dx
        pop %ax
        iret

sci_isr:
        mov $0x0100, %ax              # clear PWRBTN_STS (write 1)
        mov $0x600, %dx
        out %ax, %dx
        PUTS button
        mov $0x2001, %ax              # SLP_TYP S5 (0) | SLP_EN | SCI_EN
        mov $0x604, %dx
        out %ax, %dx
        EXIT 4

        COMMON_ROUTINES
ready:  .asciz "waiter ready\n"
button: .asciz "power button\n"
        RESET_VECTOR start
