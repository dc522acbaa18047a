"""Configuration from the environment (DESIGN §4): nothing else is read at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None  # None: the embedded PostgreSQL under home/
    host: str
    port: int
    home: Path
    public_url: str | None  # printed on cards and sheets; None: the address a request came to

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            database_url=os.environ.get("LEDGER_DATABASE_URL") or None,
            host=os.environ.get("LEDGER_HOST", "127.0.0.1"),
            port=int(os.environ.get("LEDGER_PORT", "8000")),
            home=Path(os.environ.get("LEDGER_HOME", ".ledger")).resolve(),
            public_url=os.environ.get("LEDGER_PUBLIC_URL") or None,
        )
