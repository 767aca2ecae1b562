# Micro guest for COM1-COM4 (PC ports 0x3f8/0x2f8/0x3e8/0x2e8): writes "comN says hello" on each
# port, then echoes what arrives on COM2 and COM4, which share IRQ3 (8259 vector 0x0b); a 'q' on
# either ends with debug-exit 1. Idles in HLT.
        .include "common.inc"
        .set COM2, 0x2f8
        .set COM3, 0x3e8
        .set COM4, 0x2e8
        .text
start:  cli
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        movw $com_isr, 0x2c           # IVT[0x0b] = IRQ3 with the master PIC at vector 8
        movw $0xf000, 0x2e
        PIC_INIT 0x20, 0x08, 0x04, 0xf7  # master 8259: vector 8, slave on IRQ2; mask all but IRQ3
        mov $COM2, %dx
        call rx_irq_on
        mov $COM4, %dx
        call rx_irq_on
        mov $COM1, %dx
        mov $line1, %si
        call putsdx
        mov $COM2, %dx
        mov $line2, %si
        call putsdx
        mov $COM3, %dx
        mov $line3, %si
        call putsdx
        mov $COM4, %dx
        mov $line4, %si
        call putsdx
        sti
idle:   hlt
        jmp idle

# rx_irq_on: %dx = UART base; IER = received data, MCR = DTR | RTS | OUT2.
rx_irq_on:
        add $1, %dx
        mov $0x01, %al
        out %al, %dx
        add $3, %dx
        mov $0x0b, %al
        out %al, %dx
        ret

# putsdx: prints the NUL-terminated string at %cs:%si to the UART at %dx.
putsdx: cs lodsb
        test %al, %al
        jz 1f
        out %al, %dx
        jmp putsdx
1:      ret

# echo_port: %dx = UART base; echoes every received byte, sets %bl if any; 'q' exits.
echo_port:
        add $5, %dx                   # LSR
        in %dx, %al
        sub $5, %dx
        test $0x01, %al
        jz 1f
        in %dx, %al                   # RBR
        cmp $'q', %al
        je quit
        out %al, %dx                  # THR: echo on the same port
        mov $1, %bl
        jmp echo_port
1:      ret
quit:   EXIT 1

# Both UARTs on IRQ3 are serviced until neither has data, so the shared line has gone low before
# the EOI and the next byte on either port makes a new edge.
com_isr:
        push %ax
        push %bx
        push %dx
1:      xor %bl, %bl
        mov $COM2, %dx
        call echo_port
        mov $COM4, %dx
        call echo_port
        test %bl, %bl
        jnz 1b
        mov $0x20, %al                # EOI
        out %al, $0x20
        pop %dx
        pop %bx
        pop %ax
        iret

        COMMON_ROUTINES
line1:  .asciz "com1 says hello\n"
line2:  .asciz "com2 says hello\n"
line3:  .asciz "com3 says hello\n"
line4:  .asciz "com4 says hello\n"
        RESET_VECTOR start
