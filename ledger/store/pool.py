"""Connection pools: the serving pool runs as ledger_app (may only read and append the log)."""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec

APPLICATION_ROLE = "ledger_app"

_json_encoder = msgspec.json.Encoder()
_json_decoder = msgspec.json.Decoder()


def _encode_json(value: Any) -> str:
    return _json_encoder.encode(value).decode()


async def _register_codecs(connection: asyncpg.Connection) -> None:
    for type_name in ("jsonb", "json"):
        await connection.set_type_codec(
            type_name, schema="pg_catalog", encoder=_encode_json, decoder=_json_decoder.decode, format="text"
        )


async def _keep_session(connection: asyncpg.Connection) -> None:
    """Release a connection to the pool without asyncpg's RESET ALL round trip: the
    serving code never changes session state (no SET, LISTEN, cursors or advisory locks),
    and the extra statement per request cost as much as the command itself."""


async def create_pool(database_url: str, *, minimum: int = 2, maximum: int = 10) -> asyncpg.Pool:
    # The role is a start-up setting, so the pool's RESET ALL between uses returns to it
    # rather than to the (more powerful) login role.
    pool = await asyncpg.create_pool(
        database_url,
        min_size=minimum,
        max_size=maximum,
        command_timeout=30,
        max_inactive_connection_lifetime=300,
        init=_register_codecs,
        reset=_keep_session,
        server_settings={"role": APPLICATION_ROLE, "application_name": "ledger"},
    )
    assert pool is not None
    return pool


async def connect_owner(database_url: str) -> asyncpg.Connection:
    """A single connection as the login role, for migrations and the operator's tools."""
    connection = await asyncpg.connect(database_url, server_settings={"application_name": "ledger-admin"})
    await _register_codecs(connection)
    return connection
