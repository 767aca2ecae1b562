# Micro guest: enables the ICH9 PM block (LPC 00:1f.0 PMBASE=0x600, ACPI_CNTL enable) through PCI
# config mechanism #1 and writes SLP_TYP=S5|SLP_EN to PM1a_CNT (0x604), as SeaBIOS's apm_shutdown -> exit 1.
        .include "common.inc"
        .text
start:  PUTS msg
        mov $0x8000f840, %eax      # bus 0, dev 31, fn 0, reg 0x40 PMBASE
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x601, %eax
        mov $0xcfc, %dx
        out %eax, %dx
        mov $0x8000f844, %eax      # reg 0x44 ACPI_CNTL
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0x80, %al
        mov $0xcfc, %dx
        out %al, %dx
        mov $0x2000, %ax
        mov $0x604, %dx
        out %ax, %dx
        PUTS still
        EXIT 4
        COMMON_ROUTINES
msg:    .asciz "ACPI S5 poweroff\n"
still:  .asciz "still running after S5\n"
        RESET_VECTOR start
