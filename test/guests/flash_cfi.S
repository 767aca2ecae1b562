# Micro guest for the UEFI vars flash (Intel CFI command set 0x0001, arch/x86_64/bootrom.h): with
# this 64 KiB image and a 16 KiB vars file the flash sits at 0xfffec000. In 32-bit protected mode it
# checks the CFI query ("QRY", command set 1) and an out-of-sequence erase (SR.4+SR.5), then looks
# at the flash's second block: erased -> programs "TSHY" byte by byte; "TSHY" -> erases the block.
        .include "common.inc"
        .set VARS, 0xfffec000
        .set BLK, VARS + 0x1000
        .set MAGIC, 0x59485354        # "TSHY" little-endian
        .macro PRINT32 label
        mov $(0xf0000 + \label), %esi
        call puts32
        .endm
        .text
start:  xor %ax, %ax
        mov %ax, %ss
        mov $0x7000, %sp
        PUTS rm_msg
        ENTER_PM32 pm32
        movb $0x98, (VARS)            # CFI query
        mov (VARS + 0x10), %eax
        and $0xffffff, %eax
        cmp $0x595251, %eax           # "QRY"
        jne fail
        movzwl (VARS + 0x13), %eax
        cmp $1, %eax
        jne fail
        movb $0xff, (VARS)
        PRINT32 query_msg
        movb $0x20, (BLK)             # erase setup, then not the confirm
        movb $0x55, (BLK)
        mov (BLK), %al
        and $0x30, %al
        cmp $0x30, %al
        jne fail
        movb $0x50, (BLK)             # clear status: back to read array
        PRINT32 seq_msg
        mov (BLK), %eax
        cmp $MAGIC, %eax
        je found
        cmp $0xffffffff, %eax
        jne fail
        mov $BLK, %edi
        mov $(0xf0000 + word), %esi
        mov $4, %ecx
1:      movb $0x40, (%edi)            # byte program
        lodsb
        mov %al, (%edi)
        inc %edi
        loop 1b
        movb $0x70, (BLK)
        mov (BLK), %al
        test $0x80, %al               # ready
        jz fail
        test $0x30, %al               # no error
        jnz fail
        movb $0xff, (BLK)
        cmpl $MAGIC, (BLK)
        jne fail
        PRINT32 prog_msg
        jmp done
found:  PRINT32 found_msg
        movb $0x20, (BLK)             # block erase + confirm
        movb $0xd0, (BLK)
        movb $0xff, (BLK)
        cmpl $0xffffffff, (BLK)
        jne fail
        cmpl $0xffffffff, (BLK + 0xffc)
        jne fail
        PRINT32 erase_msg
done:   mov $1, %al
        out %al, $DEBUG_EXIT
2:      hlt
        jmp 2b
fail:   PRINT32 fail_msg
        mov $9, %al
        out %al, $DEBUG_EXIT
        jmp 2b
        PUTS32_ROUTINE
        .code16
        COMMON_ROUTINES
        FLAT_GDT
word:      .ascii "TSHY"
rm_msg:    .asciz "flash guest up\n"
query_msg: .asciz "cfi query QRY cmdset 1\n"
seq_msg:   .asciz "erase without confirm: sequence error\n"
prog_msg:  .asciz "programmed TSHY\n"
found_msg: .asciz "found TSHY\n"
erase_msg: .asciz "erased\n"
fail_msg:  .asciz "flash check FAILED\n"
        RESET_VECTOR start
