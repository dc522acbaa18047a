"""Serving, and the database itself: serve, migrate, database-url, lan-address, stop-database."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

from ledger import embedded, logs
from ledger.config import Settings
from ledger.services.database import database_url, migrate

# How uvicorn serves, one process or several: its records go through ledger.logs (one JSON
# line each), and behind the reverse proxy (ops/) the client's address comes from
# X-Forwarded-For, trusted only from the proxy's own address (uvicorn's forwarded_allow_ips).
_SERVING = {"log_level": "warning", "log_config": None, "access_log": False, "proxy_headers": True}


def command_migrate(settings: Settings, _: argparse.Namespace) -> int:
    applied = asyncio.run(migrate(database_url(settings)))
    print("applied: " + ", ".join(applied) if applied else "up to date")
    return 0


def command_serve(settings: Settings, arguments: argparse.Namespace) -> int:
    import uvicorn

    from ledger.app import create_app

    url = database_url(settings)
    asyncio.run(migrate(url))
    logs.configure()
    # The embedded database has nobody else to start it again after a crash: this process
    # watches it. A LEDGER_DATABASE_URL database is someone else's; the pool reconnects.
    embedded_home = None if settings.database_url else settings.home
    serving: dict[str, Any] = {"host": settings.host, "port": settings.port, **_SERVING}
    if arguments.workers > 1:
        # Each worker process builds its own app (and pool) from the environment.
        os.environ["LEDGER_DATABASE_URL"] = url
        os.environ["LEDGER_POOL_SIZE"] = str(arguments.pool_size)
        if embedded_home is not None:
            os.environ["LEDGER_EMBEDDED_HOME"] = str(embedded_home)
        uvicorn.run(
            "ledger.app:create_app_from_environment", factory=True, workers=arguments.workers, **serving
        )
        return 0
    app = create_app(
        url,
        pool_size=arguments.pool_size,
        tick_seconds=float(os.environ.get("LEDGER_TICK_SECONDS", "60")),
        public_url=settings.public_url,
        embedded_home=embedded_home,
    )
    uvicorn.run(app, **serving)
    return 0


def command_database_url(settings: Settings, _: argparse.Namespace) -> int:
    print(database_url(settings))
    return 0


def command_lan_address(_: Settings, __: argparse.Namespace) -> int:
    from ledger.network import lan_address

    address = lan_address()
    if address is None:
        print("ledger: this machine has no network address but loopback", file=sys.stderr)
        return 1
    print(address)
    return 0


def command_stop_database(settings: Settings, _: argparse.Namespace) -> int:
    embedded.stop(settings.home)
    return 0
