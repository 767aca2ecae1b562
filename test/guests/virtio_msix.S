# Micro guest: virtio-rng at 00:05.0 completes a request with an MSI-X interrupt (irqfd) after a
# kick through the notify region (ioeventfd); see virtio_irq.inc.
        .set USE_MSIX, 1
        .set SLOT, 5
        .include "virtio_irq.inc"
