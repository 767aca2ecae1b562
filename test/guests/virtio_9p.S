# Micro guest: virtio-9p at 00:04.0 (virtio 1.2 §5 ID 9) driven like Linux's trans_virtio: one
# chain per 9P2000.L request (request readable, reply writable). Tversion, Tattach, Twalk, Tlcreate
# "guest.txt", Twrite, Tclunk, then Twalk/Tlopen/Tread of the host's "host.txt". Prints
# "9P" and each reply's type, then "DATA " and the 16 bytes read, and exits with status 1.
        .include "common.inc"
        .include "virtio.inc"
        .set VIRTIO_SLOT, 4
        .set REQ, 0x1000               # request i at %es:REQ + i * 0x80 (linear 0x10000 + ...)
        .set REP, 0x2000               # reply i at %es:REP + i * 0x100
# DESC i, addr, len, flags: descriptor i of queue 0 (table at %es:0); with NEXT (1), next = i + 1.
        .macro DESC i, addr, len, flags
        movl $\addr, %es:(\i * 16)
        movl $\len, %es:(\i * 16 + 8)
        movw $\flags, %es:(\i * 16 + 12)
        .if \flags & 1
        movw $(\i + 1), %es:(\i * 16 + 14)
        .endif
        .endm
# RPC n, msg, end: copies the message to REQ slot n, submits it as descriptors 0 -> 1, waits for
# used.idx n + 1 and prints the reply's type byte.
        .macro RPC n, msg, end
        mov $\msg, %si
        mov $(REQ + \n * 0x80), %di
        mov $(\end - \msg), %cx
        cs rep movsb
        DESC 0, (0x10000 + REQ + \n * 0x80), (\end - \msg), 1
        DESC 1, (0x10000 + REP + \n * 0x100), 0x100, 2
        movw $0, %es:(0x104 + 2 * (\n % 8))
        movw $(\n + 1), %es:0x102
        xor %ecx, %ecx
        call notify
        mov $(\n + 1), %bx
        call wait_used
        PUTS space
        xor %ax, %ax
        mov %es:(REP + \n * 0x100 + 4), %al
        call puthex16
        .endm
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        mov $0x1000, %ax
        mov %ax, %es
        xor %di, %di
        xor %ax, %ax
        mov $0x2000, %cx
        cld
        rep stosw
        call virtio_init
        jc fail
        mov $0x10000, %ebp
        xor %ecx, %ecx
        call queue_setup
        call driver_ok
        PUTS p9
        RPC 0, m_version, m_attach
        RPC 1, m_attach, m_walk
        RPC 2, m_walk, m_lcreate
        RPC 3, m_lcreate, m_write
        RPC 4, m_write, m_clunk
        RPC 5, m_clunk, m_walk_host
        RPC 6, m_walk_host, m_lopen
        RPC 7, m_lopen, m_read
        RPC 8, m_read, m_end
        PUTS data
        mov $(REP + 8 * 0x100 + 11), %si
        mov $16, %cx
        mov $COM1, %dx
1:      mov %es:(%si), %al
        out %al, %dx
        inc %si
        loop 1b
        PUTS nl
        EXIT 1
fail:   PUTS fail_msg
        EXIT 4
        COMMON_ROUTINES
        VIRTIO_ROUTINES
# 9P2000.L requests: size[4] type[1] tag[2] body.
m_version:   .long m_attach - m_version
             .byte 100
             .word 0xffff
             .long 8192
             .word 8
             .ascii "9P2000.L"
m_attach:    .long m_walk - m_attach
             .byte 104
             .word 1
             .long 1, 0xffffffff        # fid, afid = NOFID
             .word 0, 0                 # uname, aname
             .long 0                    # n_uname
m_walk:      .long m_lcreate - m_walk
             .byte 110
             .word 2
             .long 1, 2                 # fid, newfid
             .word 0                    # nwname: clone
m_lcreate:   .long m_write - m_lcreate
             .byte 14
             .word 3
             .long 2
             .word 9
             .ascii "guest.txt"
             .long 0x42, 0x1a4, 0       # O_RDWR|O_CREAT, 0644, gid
m_write:     .long m_clunk - m_write
             .byte 118
             .word 4
             .long 2, 0, 0              # fid, offset (64-bit)
             .long 21
             .ascii "TSHYVE-9P-GUEST-WRITE"
m_clunk:     .long m_walk_host - m_clunk
             .byte 120
             .word 5
             .long 2
m_walk_host: .long m_lopen - m_walk_host
             .byte 110
             .word 6
             .long 1, 3
             .word 1
             .word 8
             .ascii "host.txt"
m_lopen:     .long m_read - m_lopen
             .byte 12
             .word 7
             .long 3, 0                 # fid, O_RDONLY
m_read:      .long m_end - m_read
             .byte 116
             .word 8
             .long 3, 0, 0              # fid, offset
             .long 16
m_end:
p9:     .asciz "9P"
data:   .asciz "\nDATA "
space:  .asciz " "
nl:     .asciz "\n"
fail_msg: .asciz "virtio-9p FAILED\n"
        RESET_VECTOR start
