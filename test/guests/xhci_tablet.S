# Micro guest: drives the xHCI controller (xHCI 1.2 §4.2 initialisation, §4.3 enumeration, §4.11
# transfer rings) in 32-bit protected mode without interrupts, polling its event ring. Finds the
# controller by class code 0c0330 on bus 0, places BAR 0 at 0xe0000000, resets the controller and
# port 1, Enable Slot, Address Device, SET_CONFIGURATION(1) on EP0, Configure Endpoint for the
# tablet's interrupt IN endpoint 0x81 (DCI 3), then queues one 8-byte Normal TRB at a time and
# prints every report the tablet completes: "report BB XXXX YYYY WW" (buttons, X, Y, wheel; the
# HID report protocol, absolute 0..7fff). Prints "tablet ready" before the first report TRB;
# stops with "xhci failed at N" and exit 4 on a failure. REPORTS reports, then exit 1.
        .include "common.inc"
        .set BAR, 0xe0000000
        .set DCBAA, 0x100000
        .set CMD_RING, 0x101000
        .set ERST, 0x102000
        .set EVENT_RING, 0x103000
        .set INPUT, 0x104000
        .set DEVICE_CTX, 0x105000
        .set EP0_RING, 0x106000
        .set INT_RING, 0x107000
        .set REPORT, 0x108000
        .set EVENT_TRBS, 16
        .set REPORTS, 3
        # variables
        .set V_OP, 0x600               # operational registers
        .set V_RT, 0x604               # interrupter 0 registers
        .set V_DB, 0x608               # doorbell array
        .set V_EVIDX, 0x60c            # event ring dequeue index
        .set V_EVCYC, 0x610            # its consumer cycle state
        .set V_SLOT, 0x614
        .set V_INTQ, 0x618             # interrupt ring enqueue pointer
        .text
start:  cli
        xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        ENTER_PM32 pm32
        mov $DCBAA, %edi               # every structure starts zeroed
        xor %eax, %eax
        mov $(0x9000 / 4), %ecx
        rep stosl
        movl $0, V_EVIDX
        movl $1, V_EVCYC
        movl $INT_RING, V_INTQ
        # PCI: the first function on bus 0 with class code 0c0330.
        xor %ebx, %ebx                 # device number
1:      mov %ebx, %eax
        shl $11, %eax
        or $0x80000008, %eax
        mov $0xcf8, %dx
        out %eax, %dx
        mov $0xcfc, %dx
        in %dx, %eax
        shr $8, %eax
        cmp $0x0c0330, %eax
        je 2f
        inc %ebx
        cmp $32, %ebx
        jb 1b
        mov $1, %eax
        jmp fail
2:      shl $11, %ebx
        or $0x80000000, %ebx
        lea 0x10(%ebx), %eax           # BAR 0 low, then high
        mov $BAR, %ecx
        call pci_write
        lea 0x14(%ebx), %eax
        xor %ecx, %ecx
        call pci_write
        lea 0x04(%ebx), %eax           # memory space + bus master
        mov $6, %ecx
        call pci_write
        # Capability registers: CAPLENGTH, DBOFF, RTSOFF.
        mov BAR, %eax                  # dword accesses only
        and $0xff, %eax
        add $BAR, %eax
        mov %eax, V_OP
        mov BAR + 0x14, %eax
        add $BAR, %eax
        mov %eax, V_DB
        mov BAR + 0x18, %eax
        add $(BAR + 0x20), %eax
        mov %eax, V_RT
        # §4.2: reset, wait for HCRST and CNR to clear.
        mov V_OP, %esi
        movl $2, (%esi)
        mov $0x1000000, %ecx
3:      testl $2, (%esi)
        jnz 4f
        testl $0x800, 4(%esi)
        jz 5f
4:      loop 3b
        mov $2, %eax
        jmp fail
5:      movl $8, 0x38(%esi)            # CONFIG: 8 slots
        movl $DCBAA, 0x30(%esi)
        movl $0, 0x34(%esi)
        movl $(CMD_RING | 1), 0x18(%esi)
        movl $0, 0x1c(%esi)
        movl $EVENT_RING, ERST         # one segment of EVENT_TRBS
        movl $EVENT_TRBS, ERST + 8
        mov V_RT, %edi
        movl $1, 0x08(%edi)            # ERSTSZ
        movl $EVENT_RING, 0x18(%edi)   # ERDP
        movl $0, 0x1c(%edi)
        movl $0, 0x14(%edi)            # ERSTBA high, then low
        movl $ERST, 0x10(%edi)
        movl $1, (%esi)                # USBCMD: run, no interrupts
        # Port 1: power + reset; the port is enabled after it.
        movl $0x210, 0x400(%esi)
        testl $2, 0x400(%esi)
        jnz 6f
        mov $3, %eax
        jmp fail
        # Enable Slot (type 9).
6:      mov $CMD_RING, %edi
        movl $((9 << 10) | 1), 12(%edi)
        call ring_command
        shr $24, %eax
        mov %eax, V_SLOT
        mov %eax, %ebx
        movl $DEVICE_CTX, DCBAA(, %ebx, 8)
        # Address Device (type 11): input control (add slot + EP0), slot (1 entry, high speed,
        # root port 1), EP0 (control, MPS 64, CErr 3, its ring with DCS 1).
        movl $3, INPUT + 4
        movl $((1 << 27) | (3 << 20)), INPUT + 32
        movl $(1 << 16), INPUT + 36
        movl $((64 << 16) | (4 << 3) | 6), INPUT + 68
        movl $(EP0_RING | 1), INPUT + 72
        mov $(CMD_RING + 16), %edi
        movl $INPUT, (%edi)
        shl $24, %ebx
        or $((11 << 10) | 1), %ebx
        mov %ebx, 12(%edi)
        call ring_command
        # SET_CONFIGURATION(1): setup (IDT, no data stage), status IN with IOC; doorbell target 1.
        mov $EP0_RING, %edi
        movl $0x00010900, (%edi)
        movl $0, 4(%edi)
        movl $8, 8(%edi)
        movl $((2 << 10) | (1 << 6) | 1), 12(%edi)
        movl $((1 << 16) | (4 << 10) | (1 << 5) | 1), 28(%edi)
        mov $1, %eax
        call doorbell
        call wait_transfer
        # Configure Endpoint (type 12): add slot + DCI 3; slot with 3 context entries; EP 1 IN
        # (interrupt IN, MPS 8, CErr 3, interval 2^6 microframes) on its ring with DCS 1.
        mov $INPUT, %edi
        xor %eax, %eax
        mov $(33 * 8), %ecx
        rep stosl
        movl $((1 << 3) | 1), INPUT + 4
        movl $((3 << 27) | (3 << 20)), INPUT + 32
        movl $(1 << 16), INPUT + 36
        movl $(6 << 16), INPUT + 128
        movl $((8 << 16) | (7 << 3) | 6), INPUT + 132
        movl $(INT_RING | 1), INPUT + 136
        mov $(CMD_RING + 32), %edi
        movl $INPUT, (%edi)
        mov V_SLOT, %ebx
        shl $24, %ebx
        or $((12 << 10) | 1), %ebx
        mov %ebx, 12(%edi)
        call ring_command
        mov $(0xf0000 + ready_msg), %esi
        call puts32
        mov $REPORTS, %ebp
        # One Normal TRB (8 bytes, ISP, IOC) at a time; its transfer event carries the report.
7:      mov V_INTQ, %edi
        movl $REPORT, (%edi)
        movl $0, 4(%edi)
        movl $8, 8(%edi)
        movl $((1 << 10) | (1 << 5) | (1 << 2) | 1), 12(%edi)
        addl $16, V_INTQ
        mov $3, %eax
        call doorbell
8:      call next_event                # the tablet answers only when the pointer moves: no timeout
        jc 8b
        mov 12(%esi), %eax
        shr $10, %eax
        and $0x3f, %eax
        cmp $32, %eax
        jne 8b
        mov 8(%esi), %eax
        shr $24, %eax
        cmp $1, %eax                   # success, or short packet (13): the report is 6 bytes
        je 9f
        cmp $13, %eax
        je 9f
        mov $9, %eax
        jmp fail
9:      mov $(0xf0000 + report_msg), %esi
        call puts32
        movzbl REPORT, %eax
        call puthex8
        call space
        movzwl REPORT + 1, %eax
        call puthex16
        call space
        movzwl REPORT + 3, %eax
        call puthex16
        call space
        movzbl REPORT + 5, %eax
        call puthex8
        mov $'\n', %al
        mov $COM1, %dx
        out %al, %dx
        dec %ebp
        jnz 7b
        EXIT 1

# pci_write: config address %eax, value %ecx.
pci_write:
        mov $0xcf8, %dx
        out %eax, %dx
        mov %ecx, %eax
        mov $0xcfc, %dx
        out %eax, %dx
        ret

# doorbell: rings doorbell V_SLOT with target %eax.
doorbell:
        mov V_SLOT, %ecx
        mov V_DB, %edx
        mov %eax, (%edx, %ecx, 4)
        ret

# next_event: CF set if the event ring's next TRB is not the controller's yet; else %esi points at
# it, the dequeue index moves on (the cycle state toggles at the end) and ERDP follows (EHB cleared).
next_event:
        mov V_EVIDX, %eax
        shl $4, %eax
        lea EVENT_RING(%eax), %esi
        mov 12(%esi), %eax
        and $1, %eax
        cmp V_EVCYC, %eax
        je 1f
        stc
        ret
1:      incl V_EVIDX
        cmpl $EVENT_TRBS, V_EVIDX
        jb 2f
        movl $0, V_EVIDX
        xorl $1, V_EVCYC
2:      mov V_EVIDX, %eax
        shl $4, %eax
        add $(EVENT_RING | 8), %eax
        mov V_RT, %edx
        mov %eax, 0x18(%edx)
        clc
        ret

# wait_event: the next event of type %bl within a bounded spin, in %esi; else fail with %bl.
wait_event:
        mov $0x4000000, %ecx
1:      push %ecx
        call next_event
        pop %ecx
        jc 2f
        mov 12(%esi), %eax
        shr $10, %eax
        and $0x3f, %eax
        cmp %bl, %al
        je 3f
        jmp 1b                         # another type (port status change): skip it
2:      pause
        loop 1b
        movzbl %bl, %eax
        jmp fail
3:      ret

# ring_command: rings doorbell 0 and waits for the command completion (type 33); it must be success.
# Returns its control dword (slot id in 31:24) in %eax.
ring_command:
        push %ebx
        mov V_DB, %edx
        movl $0, (%edx)
        mov $33, %bl
        call wait_event
        mov 8(%esi), %eax
        shr $24, %eax
        cmp $1, %eax
        jne 1f
        mov 12(%esi), %eax
        pop %ebx
        ret
1:      add $0x100, %eax               # "failed at 1CC": completion code CC
        jmp fail

# wait_transfer: the next transfer event (type 32), which must be success.
wait_transfer:
        mov $32, %bl
        call wait_event
        mov 8(%esi), %eax
        shr $24, %eax
        cmp $1, %eax
        jne 1f
        ret
1:      add $0x200, %eax
        jmp fail

fail:   push %eax
        mov $(0xf0000 + fail_msg), %esi
        call puts32
        pop %eax
        call puthex16
        mov $'\n', %al
        mov $COM1, %dx
        out %al, %dx
        EXIT 4

space:  mov $' ', %al
        mov $COM1, %dx
        out %al, %dx
        ret
# puthex16 / puthex8: %ax / %al in hex on COM1.
puthex16:
        push %eax
        shr $8, %eax
        call puthex8
        pop %eax
puthex8:
        push %eax
        shr $4, %al
        call hexdigit
        pop %eax
hexdigit:
        and $0x0f, %al
        add $'0', %al
        cmp $'9', %al
        jbe 1f
        add $('a' - '0' - 10), %al
1:      mov $COM1, %dx
        out %al, %dx
        ret
        PUTS32_ROUTINE

ready_msg:  .asciz "tablet ready\n"
report_msg: .asciz "report "
fail_msg:   .asciz "xhci failed at "
        .code16
        FLAT_GDT
        RESET_VECTOR start
