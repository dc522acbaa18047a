"""What a use case costs on plain PostgreSQL, in statements sent to the database.

A pool made by `counting_pool` is the server's pool (ledger.store.pool.create_pool) whose
connections log every statement they run (asyncpg's query logger); `Statements.during` runs
one use case on it and answers the statements it sent, in order — so a test can say how many
round trips a read takes (the Citus form, in workers' commands, is tests/remote_commands.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import asyncpg

from ledger.store.pool import create_pool

T = TypeVar("T")


class Statements:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self._watched: set[int] = set()

    async def watch(self, connection: Any) -> None:
        raw = connection._con  # the proxy's connection: the logger stays with it
        if id(raw) not in self._watched:
            self._watched.add(id(raw))
            raw.add_query_logger(lambda record: self.sent.append(record.query))

    async def during(self, use_case: Callable[[], Awaitable[T]]) -> tuple[T, list[str]]:
        """Run the use case twice and answer the second run's statements: the first also
        carries asyncpg's one-off look-ups of the types a new connection meets."""
        await use_case()
        self.sent.clear()
        answer = await use_case()
        return answer, list(self.sent)


@asynccontextmanager
async def counting_pool(database_url: str) -> AsyncIterator[tuple[asyncpg.Pool, Statements]]:
    statements = Statements()
    pool = await create_pool(database_url, minimum=1, maximum=2, setup=statements.watch)
    try:
        yield pool, statements
    finally:
        await pool.close()
