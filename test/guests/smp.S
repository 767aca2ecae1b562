# Micro guest for 2 vCPUs: the BSP switches its local APIC to x2APIC mode (IA32_APIC_BASE bit 10)
# and sends INIT then SIPI (vector 0xF0 -> AP starts at F000:0000) to APIC ID 1 through the ICR MSR
# 0x830 (Intel SDM vol 3, 10.12.9); the AP reports on COM1 and sets a flag the BSP waits for.
        .include "common.inc"
        .text
ap_entry:                          # offset 0: SIPI vector 0xF0 lands here
        PUTS ap_msg
        xor %ax, %ax
        mov %ax, %ds
        movb $1, (0x600)
        cli
1:      hlt
        jmp 1b

start:  xor %ax, %ax
        mov %ax, %ds
        movb $0, (0x600)
        PUTS bsp_msg
        mov $0x1b, %ecx
        rdmsr
        or $0xc00, %eax            # xAPIC global enable + x2APIC enable
        wrmsr
        mov $0x830, %ecx
        mov $1, %edx               # destination x2APIC ID 1
        mov $0x4500, %eax          # INIT, assert
        wrmsr
        mov $0x46f0, %eax          # Start-up, vector 0xF0
        wrmsr
        mov $0x100000, %ecx        # bounded wait for the AP
2:      cmpb $1, (0x600)
        je up
        dec %ecx
        jnz 2b
        PUTS timeout
        EXIT 4
up:     PUTS both
        EXIT 1
        COMMON_ROUTINES
ap_msg: .asciz "AP (vcpu 1) up\n"
bsp_msg: .asciz "BSP (vcpu 0) up\n"
both:   .asciz "both vCPUs reported\n"
timeout: .asciz "AP timeout\n"
        RESET_VECTOR start
