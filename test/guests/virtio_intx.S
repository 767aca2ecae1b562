# Micro guest: virtio-rng at 00:05.0 without MSI-X: the completion arrives as INTA# on the IOAPIC
# pin the _PRT names (GSI 16 + ((5 + 0) mod 4) = 17, level); see virtio_irq.inc.
        .set USE_MSIX, 0
        .set SLOT, 5
        .include "virtio_irq.inc"
