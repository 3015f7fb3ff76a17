# monitor: build rules (filled in by the monitor work).
