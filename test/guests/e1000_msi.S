# Micro guest: the 82545EM at 00:06.0 with its interrupts as MSI messages to the LAPIC; see e1000.inc.
        .set USE_MSI, 1
        .set SLOT, 6
        .include "e1000.inc"
