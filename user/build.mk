# user: build rules (filled in by the user work).
