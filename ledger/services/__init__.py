"""Use cases: one function per command, composing the pure domain and the store."""
