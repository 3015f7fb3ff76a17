# kernel: build rules (filled in by the kernel work).
