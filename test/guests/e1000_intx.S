# Micro guest: the 82545EM at 00:06.0 with its interrupts as INTA# (GSI 16 + ((6 + 0) mod 4) = 18,
# level, through the IOAPIC); see e1000.inc.
        .set USE_MSI, 0
        .set SLOT, 6
        .include "e1000.inc"
