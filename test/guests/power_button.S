# Micro guest: enables the ICH9 PM block (PMBASE 0x600), sets PWRBTN_EN, prints "ready", polls
# PM1_STS for PWRBTN_STS (ACPI 6.5 4.8.3.1) and, once the host presses the button, enters S5 -> exit 1.
        .include "common.inc"
        .text
start:  mov $0x8000f840, %eax      # LPC 00:1f.0 reg 0x40 PMBASE
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x601, %eax
        mov $0xcfc, %dx
        out %eax, %dx
        mov $0x8000f844, %eax      # reg 0x44 ACPI_CNTL: enable the PM I/O decode
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x80, %al
        mov $0xcfc, %dx
        out %al, %dx
        mov $0x100, %ax            # PM1_EN.PWRBTN_EN
        mov $0x602, %dx
        out %ax, %dx
        PUTS ready
        mov $0x600, %dx
1:      in %dx, %ax                # PM1_STS
        test $0x100, %ax
        jz 1b
        PUTS pressed
        mov $0x2000, %ax           # SLP_TYP S5 | SLP_EN
        mov $0x604, %dx
        out %ax, %dx
        EXIT 4
        COMMON_ROUTINES
ready:  .asciz "ready\n"
pressed: .asciz "power button pressed\n"
        RESET_VECTOR start
