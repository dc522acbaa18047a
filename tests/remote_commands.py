"""What a use case costs on Citus, in commands the coordinator sends to the workers.

A pool made by `watching_pool` is the server's pool (ledger.store.pool.create_pool) whose
connections have `citus.log_remote_commands` on: the coordinator then tells the client, as a
log message, every command it issues to a worker ("issuing …", with the worker's address in
the message's detail). `RemoteCommands.during` runs one use case on that pool and answers
the commands it caused — which workers they went to, whether a two-phase commit was among
them — so a test can say how many round trips a hot path takes, and where.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg

from ledger.store.pool import create_pool

T = TypeVar("T")

# Citus's words for a command sent to a worker, and the worker it went to (its detail reads
# "on server ledger_app@localhost:40001 connectionId: 3").
_ISSUING = "issuing "
_ON_SERVER = re.compile(r"on server \S*?@?(?P<host>[^@\s:]+):(?P<port>[0-9]+)")


@dataclass(frozen=True)
class RemoteCommand:
    worker: str  # host:port
    text: str


@dataclass
class Sent:
    """The commands one use case caused, in the order the coordinator issued them."""

    commands: list[RemoteCommand] = field(default_factory=list)

    @property
    def workers(self) -> set[str]:
        return {command.worker for command in self.commands}

    @property
    def two_phase_commits(self) -> list[RemoteCommand]:
        """Commands of a distributed transaction's two-phase commit (PREPARE TRANSACTION,
        COMMIT PREPARED): Citus sends them when one transaction wrote on several nodes."""
        return [command for command in self.commands if "PREPARE" in command.text.upper()]

    def calling(self, function: str) -> list[RemoteCommand]:
        """The commands that call this function (by its name, as Citus writes it)."""
        return [command for command in self.commands if re.search(rf"\b{function}\(", command.text)]


class RemoteCommands:
    """Collects what the coordinator issues to workers on the connections it watches."""

    def __init__(self) -> None:
        self._heard: list[RemoteCommand] = []

    async def watch(self, connection: asyncpg.Connection) -> None:
        """The pool's setup: asked on each connection as it is handed out (a connection's
        listeners are dropped when it goes back to the pool)."""
        await connection.execute("SET citus.log_remote_commands TO on; SET client_min_messages TO log")
        connection.add_log_listener(self._listen)

    def _listen(self, _connection: object, message: asyncpg.PostgresLogMessage) -> None:
        text = message.message or ""
        if not text.startswith(_ISSUING):
            return
        where = _ON_SERVER.search(message.detail or "")
        assert where is not None, f"Citus named no worker for {text!r}: {message.detail!r}"
        self._heard.append(RemoteCommand(f"{where['host']}:{where['port']}", text.removeprefix(_ISSUING)))

    async def during(self, use_case: Awaitable[T]) -> tuple[T, Sent]:
        """Run the use case; its answer, and the commands it caused."""
        self._heard.clear()
        answer = await use_case
        # The log messages came before the statements' answers; their listeners are called
        # from the event loop, so one more turn of it hands them over.
        await asyncio.sleep(0.05)
        sent = Sent(list(self._heard))
        self._heard.clear()
        return answer, sent


@asynccontextmanager
async def watching_pool(
    database_url: str, **options: Any
) -> AsyncIterator[tuple[asyncpg.Pool, RemoteCommands]]:
    remote = RemoteCommands()
    pool = await create_pool(database_url, minimum=1, maximum=4, setup=remote.watch, **options)
    try:
        yield pool, remote
    finally:
        await pool.close()
