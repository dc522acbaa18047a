"""Connection pools: the serving pool runs as ledger_app (may only read and append the log).

While PostgreSQL cannot be reached the pool raises errors that `is_outage` names, so the
HTTP edge answers 503 and the client tries again; the pool itself reconnects as soon as
the database answers again (asyncpg opens a new connection for every holder whose
connection was lost), so nothing needs restarting.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg
import msgspec
from asyncpg.pool import PoolConnectionProxy

APPLICATION_ROLE = "ledger_app"

# A connection attempt that has not succeeded by then will not: asyncpg's own default
# (60 s) would hold a request, and a pool slot, for a minute before saying so.
CONNECT_SECONDS_MAX = 5.0
# Waiting longer than this for a free connection means the database is not keeping up (or
# not answering): the request is better answered 503 with Retry-After than left hanging.
ACQUIRE_SECONDS_MAX = 10.0
COMMAND_SECONDS_MAX = 30.0


class DatabaseUnavailable(Exception):
    """No connection to PostgreSQL could be had: refused, socket missing, timed out, the
    server starting up or shutting down, or no free connection in time."""


# The errors by which asyncpg says an established connection is gone, or the server is
# shutting down, crashed or still starting (SQLSTATE 08003, 08006, 08001, 57P01-57P03).
CONNECTION_LOST_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.ConnectionFailureError,
    asyncpg.ClientCannotConnectError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
)

# asyncpg says "closed" with a plain InterfaceError (which otherwise means a misuse of its
# API, a bug): these are its words for a connection or pool that is closed
# (tests/test_database_watch.py pins them against the installed asyncpg). A pooled
# connection whose server went away is handed back to the pool at once, so a request's next
# statement on it is told "released back to the pool" — the same words as for a connection
# used after its `async with` ended, a bug that would fail every time and show in the tests.
_CLOSED_WORDS = (
    "connection is closed",
    "the underlying connection is closed",
    "connection has been released back to the pool",
    "pool is closing",
)

# What asyncpg.connect raises when the server cannot be reached: the socket's own errors
# (refused, no such socket file, reset, unreachable), its timeout, and the server's
# answers while it starts or stops.
_CONNECT_FAILURES: tuple[type[Exception], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.TooManyConnectionsError,
    *CONNECTION_LOST_ERRORS,
)


# A server that ends a session (shutdown, crash, pg_terminate_backend) first sends a FATAL
# error; if it reaches an idle connection, asyncpg's protocol waits to consume it (its state
# 2, "error consume") until the socket closes, and a query started in that moment is told
# this. Nothing else sends an error to a connection nobody is using.
_TERMINATED_WHILE_IDLE_WORDS = "another operation (2) is in progress"


def is_outage(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached now (try again shortly), as
    opposed to a bug or a refusal."""
    if isinstance(error, (DatabaseUnavailable, *CONNECTION_LOST_ERRORS)):
        return True
    if isinstance(error, asyncpg.InterfaceError):
        return any(words in str(error) for words in _CLOSED_WORDS)
    if isinstance(error, asyncpg.exceptions.InternalClientError):
        return _TERMINATED_WHILE_IDLE_WORDS in str(error)
    return False


async def _connect(*arguments: Any, **keywords: Any) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(*arguments, **keywords)
    except _CONNECT_FAILURES as error:
        raise DatabaseUnavailable(f"cannot connect to the database: {error!r}") from error


class LedgerPool(asyncpg.Pool):
    """asyncpg's pool, whose waits for a connection are bounded (ACQUIRE_SECONDS_MAX) and
    end in DatabaseUnavailable rather than a bare TimeoutError, which could be anything."""

    # asyncpg's one way in, for acquire() and for the pool's own fetch*() and execute*().
    async def _acquire(self, timeout: float | None) -> Any:
        try:
            return await super()._acquire(ACQUIRE_SECONDS_MAX if timeout is None else timeout)  # type: ignore[misc]
        except TimeoutError as error:
            raise DatabaseUnavailable("no database connection came free in time") from error


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


async def create_pool(
    database_url: str,
    *,
    minimum: int = 2,
    maximum: int = 10,
    setup: Callable[[PoolConnectionProxy], Coroutine[Any, Any, None]] | None = None,
) -> asyncpg.Pool:
    """The serving pool. `setup`, if given, runs on each connection as it is handed out: the
    server gives none; a test listens there to what the database tells the connection (on
    Citus, the commands the coordinator sends to the workers)."""
    # The role is a start-up setting, so the pool's RESET ALL between uses returns to it
    # rather than to the (more powerful) login role.
    pool = LedgerPool(
        database_url,
        min_size=minimum,
        max_size=maximum,
        max_queries=50_000,
        max_inactive_connection_lifetime=300,
        connect=_connect,
        init=_register_codecs,
        reset=_keep_session,
        setup=setup,
        loop=None,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        timeout=CONNECT_SECONDS_MAX,
        command_timeout=COMMAND_SECONDS_MAX,
        server_settings={"role": APPLICATION_ROLE, "application_name": "ledger"},
    )
    return await pool


async def connect_owner(database_url: str) -> asyncpg.Connection:
    """A single connection as the login role, for migrations and the operator's tools."""
    connection = await asyncpg.connect(database_url, server_settings={"application_name": "ledger-admin"})
    await _register_codecs(connection)
    return connection
