"""An image as the ledger keeps it: re-encoded pixels and their hash (services/images.py
makes one from an upload)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CleanImage:
    media_type: str
    content: bytes
    sha256: bytes
    width: int
    height: int
