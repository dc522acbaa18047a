"""Group commit for redemptions (DESIGN §7): concurrent redemptions of one community are
gathered into one transaction — one head lock, one WAL flush — each checked on its own
and chained in arrival order, each answered only after the commit.

One worker per community with work waiting: while a batch is in the database, new
requests queue, and the next batch takes them all (up to BATCH_MAX). No request waits
for a timer; a lone request is a batch of one.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

import structlog

from ledger.store import record
from ledger.store.pool import is_outage
from ledger.store.types import Connectable

BATCH_MAX = 64
# More transactions at once than the database has cores only adds lock waits and context
# switches; fewer, fuller batches commit more redemptions per second.
BATCHES_IN_FLIGHT = max(2, os.cpu_count() or 2)

_log = structlog.get_logger("ledger.group_commit")

Waiting = tuple[dict[str, Any], asyncio.Future]


class RedemptionBatcher:
    def __init__(
        self, db: Connectable, batch_max: int = BATCH_MAX, batches_in_flight: int = BATCHES_IN_FLIGHT
    ) -> None:
        self._db = db
        self._batch_max = batch_max
        self._in_flight = asyncio.Semaphore(batches_in_flight)
        self._queues: dict[uuid.UUID, list[Waiting]] = {}
        self._workers: dict[uuid.UUID, asyncio.Task] = {}

    async def redeem(
        self,
        community_id: uuid.UUID,
        actor_id: uuid.UUID | None,
        household_id: uuid.UUID,
        lines: list[tuple[uuid.UUID, int]],
        idempotency_key: str | None,
        request_digest: bytes | None,
    ) -> dict[str, Any]:
        command = {
            "actor_id": None if actor_id is None else str(actor_id),
            "household_id": str(household_id),
            "goods_ids": [str(goods_id) for goods_id, _ in lines],
            "quantities": [quantity for _, quantity in lines],
            "idempotency_key": idempotency_key,
            "request_digest": None if request_digest is None else request_digest.hex(),
        }
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._queues.setdefault(community_id, []).append((command, future))
        if community_id not in self._workers:
            self._workers[community_id] = asyncio.create_task(self._work(community_id))
        # shield: a client that hangs up must not cancel a command that may already be
        # committing; its answer is simply not delivered.
        return record.answer_or_refusal(await asyncio.shield(future))

    async def _work(self, community_id: uuid.UUID) -> None:
        queue = self._queues[community_id]
        try:
            while queue:
                async with self._in_flight:
                    # Taken only once a slot is free: the longer the wait, the bigger the batch.
                    batch = queue[: self._batch_max]
                    del queue[: self._batch_max]
                    await self._commit(community_id, batch)
        finally:
            # Nothing awaits between the empty check and here, so no request can slip in.
            del self._workers[community_id]
            if not queue:
                del self._queues[community_id]

    async def _commit(self, community_id: uuid.UUID, batch: list[Waiting]) -> None:
        try:
            answers = await self._db.fetchval(
                "SELECT ledger_redeem_batch($1, $2)", community_id, [command for command, _ in batch]
            )
        except Exception as error:
            if is_outage(error):
                # The database is out of reach, and a connection lost mid-commit leaves the
                # batch's outcome unknown: each request answers 503 and its client retries
                # with its Idempotency-Key, which answers the logged event if it committed.
                # Running each alone now would only wait on the same dead database.
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                return
            # Nothing of the batch committed. Run each alone, so one bad command answers
            # for itself and not for its neighbours.
            _log.warning("batch failed; running its commands one by one", size=len(batch), error=repr(error))
            for command, future in batch:
                await self._commit_alone(community_id, command, future)
            return
        for (_, future), answer in zip(batch, answers, strict=True):
            if not future.done():
                future.set_result(answer)

    async def _commit_alone(
        self, community_id: uuid.UUID, command: dict[str, Any], future: asyncio.Future
    ) -> None:
        try:
            answer = await self._db.fetchval("SELECT ledger_redeem_batch($1, $2)", community_id, [command])
        except Exception as error:
            if not future.done():
                future.set_exception(error)
            return
        if not future.done():
            future.set_result(answer[0])
