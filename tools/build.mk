# tools: build rules (filled in by the tools work).
