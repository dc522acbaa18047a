"""The pure domain: event kinds, commands, the fold and the chain check. No I/O here."""
