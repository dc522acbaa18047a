"""Group commit for redemptions (DESIGN §7): concurrent redemptions are gathered into one
transaction — one WAL flush for all of them — each checked on its own under its
community's head lock, chained in arrival order, each answered only after the commit.

On a single PostgreSQL a batch takes every community with work waiting, so the commit's
cost is shared across communities: load spread over ten villages commits as fast as the
same load on one. On Citus a batch is one community's (one delegated call on its worker,
no two-phase commit); each worker then gathers its own communities' batches.

While a batch is in the database, new requests queue, and the next batch takes them all (up
to BATCH_MAX). Two batches in flight never share a community, so they never wait on each
other's head locks. No request waits for a timer; a lone request is a batch of one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import uuid
from typing import Any

import structlog

from ledger.store import distribution, record
from ledger.store.pool import is_outage
from ledger.store.types import Connectable

BATCH_MAX = 64
# More transactions at once than the database has cores only adds lock waits and context
# switches; fewer, fuller batches commit more redemptions per second.
BATCHES_IN_FLIGHT = max(2, os.cpu_count() or 2)

_log = structlog.get_logger("ledger.group_commit")

Waiting = tuple[dict[str, Any], asyncio.Future]


@dataclasses.dataclass(frozen=True)
class CardAtCounter:
    """The card the counter scanned (the hash of its token, or of its short code typed by hand)
    and the PIN's try where one was weighed: the stored hash it was weighed against and
    whether it matched (None: no PIN was given, or none could be weighed)."""

    token_hash: bytes | None
    short_code_hash: bytes | None
    pin_hash: str | None = None
    pin_right: bool | None = None
    pin_tries_max: int = 0

    def command(self) -> dict[str, Any]:
        return {
            "token_hash": None if self.token_hash is None else self.token_hash.hex(),
            "short_code_hash": None if self.short_code_hash is None else self.short_code_hash.hex(),
            "pin_hash": self.pin_hash,
            "pin_right": self.pin_right,
            "pin_tries_max": self.pin_tries_max,
        }


Batch = dict[uuid.UUID, list[Waiting]]  # community → its commands, in arrival order


class RedemptionBatcher:
    def __init__(
        self,
        db: Connectable,
        batch_max: int = BATCH_MAX,
        batches_in_flight: int = BATCHES_IN_FLIGHT,
        across_communities: bool | None = None,
    ) -> None:
        """`across_communities`: whether one transaction may take several communities (not on
        Citus, where it would span workers); None: asked of the database before the first batch."""
        self._db = db
        self._batch_max = batch_max
        self._slots = batches_in_flight
        self._across_communities = across_communities
        self._waiting: Batch = {}  # communities in order of their first waiting command
        self._busy: set[uuid.UUID] = set()  # communities with a batch in the database
        self._running: set[asyncio.Task] = set()

    @property
    def spans_communities(self) -> bool | None:
        """Whether a batch may take several communities (None until the first batch asks)."""
        return self._across_communities

    async def redeem(
        self,
        community_id: uuid.UUID,
        actor_id: uuid.UUID | None,
        household_id: uuid.UUID,
        lines: list[tuple[uuid.UUID, int]],
        idempotency_key: str | None,
        request_digest: bytes | None,
    ) -> dict[str, Any]:
        return await self._submit(
            community_id,
            {"household_id": str(household_id)},
            actor_id,
            lines,
            idempotency_key,
            request_digest,
        )

    async def redeem_by_card(
        self,
        community_id: uuid.UUID,
        actor_id: uuid.UUID | None,
        card: CardAtCounter,
        lines: list[tuple[uuid.UUID, int]],
        idempotency_key: str | None,
        request_digest: bytes | None,
    ) -> dict[str, Any]:
        """The sale by card in the same batch: the card's household, the policy's PIN (the
        try weighed by the caller counted here), the window and the cart in one command."""
        return await self._submit(
            community_id, card.command(), actor_id, lines, idempotency_key, request_digest
        )

    async def _submit(
        self,
        community_id: uuid.UUID,
        whose: dict[str, Any],
        actor_id: uuid.UUID | None,
        lines: list[tuple[uuid.UUID, int]],
        idempotency_key: str | None,
        request_digest: bytes | None,
    ) -> dict[str, Any]:
        command = {
            **whose,
            "actor_id": None if actor_id is None else str(actor_id),
            "goods_ids": [str(goods_id) for goods_id, _ in lines],
            "quantities": [quantity for _, quantity in lines],
            "idempotency_key": idempotency_key,
            "request_digest": None if request_digest is None else request_digest.hex(),
        }
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(community_id, []).append((command, future))
        self._start_batches()
        # shield: a client that hangs up must not cancel a command that may already be
        # committing; its answer is simply not delivered.
        return record.answer_or_refusal(await asyncio.shield(future))

    def _start_batches(self) -> None:
        while (free := self._slots - len(self._running)) > 0 and (batch := self._take(free)):
            task = asyncio.create_task(self._run(batch))
            self._running.add(task)

    def _take(self, free_slots: int) -> Batch:
        """The next batch: the waiting commands of communities not already in the database,
        oldest first, up to BATCH_MAX (one community's when batches may not span them). With
        several slots free the work is shared out among them, so that both cores have a
        batch to run: one batch of everything would leave the other core idle (measured:
        50 communities at 0.67 of one community's rate when one batch took them all)."""
        batch: Batch = {}
        room = self._batch_max
        if self._across_communities:
            waiting = sum(len(queue) for c, queue in self._waiting.items() if c not in self._busy)
            room = min(room, max(1, -(-waiting // free_slots)))
        for community_id in list(self._waiting):
            if community_id in self._busy:
                continue
            queue = self._waiting[community_id]
            batch[community_id] = queue[:room]
            del queue[:room]
            if not queue:
                del self._waiting[community_id]
            self._busy.add(community_id)
            room -= len(batch[community_id])
            if room == 0 or not self._across_communities:
                break
        return batch

    async def _run(self, batch: Batch) -> None:
        try:
            if self._across_communities is None:
                self._across_communities = not await distribution.is_citus(self._db)
            await self._commit(batch)
        except Exception as error:  # the futures carry it; the task itself must not
            for waiting in batch.values():
                for _, future in waiting:
                    if not future.done():
                        future.set_exception(error)
        finally:
            self._running.discard(asyncio.current_task())
            self._busy.difference_update(batch)
            self._start_batches()

    async def _commit(self, batch: Batch) -> None:
        try:
            if len(batch) == 1:
                [(community_id, waiting)] = batch.items()
                answers = [await self._call_one(community_id, [command for command, _ in waiting])]
            else:
                answers = await self._db.fetchval(
                    "SELECT ledger_redeem_batches($1, $2)",
                    list(batch),
                    [[command for command, _ in waiting] for waiting in batch.values()],
                )
        except Exception as error:
            if is_outage(error):
                # The database is out of reach, and a connection lost mid-commit leaves the
                # batch's outcome unknown: each request answers 503 and its client retries
                # with its Idempotency-Key, which answers the logged event if it committed.
                # Running each alone now would only wait on the same dead database.
                raise
            # Nothing of the batch committed. Run each command alone, so one bad command
            # answers for itself and not for its neighbours.
            _log.warning(
                "batch failed; running its commands one by one",
                size=sum(map(len, batch.values())),
                error=repr(error),
            )
            for community_id, waiting in batch.items():
                for command, future in waiting:
                    await self._commit_alone(community_id, command, future)
            return
        for waiting, community_answers in zip(batch.values(), answers, strict=True):
            for (_, future), answer in zip(waiting, community_answers, strict=True):
                if not future.done():
                    future.set_result(answer)

    async def _call_one(self, community_id: uuid.UUID, commands: list[dict[str, Any]]) -> list[Any]:
        # One community's batch is one call of ledger_redeem_batch: delegated whole to the
        # community's worker on Citus.
        return list(await self._db.fetchval("SELECT ledger_redeem_batch($1, $2)", community_id, commands))

    async def _commit_alone(
        self, community_id: uuid.UUID, command: dict[str, Any], future: asyncio.Future
    ) -> None:
        try:
            [answer] = await self._call_one(community_id, [command])
        except Exception as error:
            if not future.done():
                future.set_exception(error)
            return
        if not future.done():
            future.set_result(answer)
