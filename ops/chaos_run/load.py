"""The load: redemptions and awards, each with a fresh Idempotency-Key, sent at a bounded
rate; every command kept with the answer it got, and those without one sent once more."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
import uuid
from typing import Any

import httpx

from ops.chaos_run.seeding import Community

REQUEST_SECONDS = 15.0  # a request left unanswered this long counts as not acknowledged
# Answers that say nothing about whether the command landed: it may be retried.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclasses.dataclass
class Command:
    key: str
    community_id: str
    kind: str  # "redemption" or "award"
    household_id: str
    body: dict[str, Any]
    outcome: str = "unsent"  # acknowledged, refused, unacknowledged
    detail: str = ""  # the status and problem code, or the transport error's name
    event_seq: int | None = None
    retry_outcome: str | None = None  # replayed, fresh, refused, unacknowledged
    retry_detail: str = ""
    retry_seq: int | None = None


@dataclasses.dataclass(frozen=True)
class LoadSettings:
    rate: float  # commands sent per second, at most
    max_commands: int
    award_share: float
    concurrency: int  # commands waiting for an answer, at most


Answer = tuple[str, str, int | None, bool]  # outcome, detail, event seq, replayed


def new_command(rng: random.Random, community: Community, award_share: float) -> Command:
    household_id = rng.choice(community.household_ids)
    key = f"chaos-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    if rng.random() < award_share:
        body: dict[str, Any] = {"household_id": household_id, "rule_id": community.rule_id}
        return Command(key, community.community_id, "award", household_id, body)
    body = {
        "household_id": household_id,
        "lines": [{"goods_id": community.goods_id, "quantity": rng.randint(1, 3)}],
    }
    return Command(key, community.community_id, "redemption", household_id, body)


def judge(response: httpx.Response) -> Answer:
    """(outcome, detail, event seq, replayed) of one answer."""
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    code = answer.get("code", "") if isinstance(answer, dict) else ""
    detail = f"{response.status_code} {code}".strip()
    if 200 <= response.status_code < 300:
        if isinstance(answer, dict) and isinstance(answer.get("event_seq"), int):
            replayed = response.headers.get("Idempotent-Replayed") == "true"
            return "acknowledged", detail, answer["event_seq"], replayed
        return "unacknowledged", f"{detail} without an event_seq", None, False
    if response.status_code in RETRYABLE_STATUSES:
        return "unacknowledged", detail, None, False
    # Any other 4xx is the ledger's considered answer: the command was refused and wrote nothing.
    return "refused", detail, None, False


async def send(client: httpx.AsyncClient, communities: dict[str, Community], command: Command) -> Answer:
    community = communities[command.community_id]
    path = "/redemptions" if command.kind == "redemption" else "/awards"
    headers = {**(community.counter if command.kind == "redemption" else community.committee)}
    headers["Idempotency-Key"] = command.key
    try:
        response = await client.post(
            community.api + path, json=command.body, headers=headers, timeout=REQUEST_SECONDS
        )
    except httpx.TransportError as error:  # refused connection, dropped connection, timeout
        return "unacknowledged", type(error).__name__, None, False
    return judge(response)


async def run_load(
    client: httpx.AsyncClient,
    communities: dict[str, Community],
    commands: list[Command],
    settings: LoadSettings,
    rng: random.Random,
    stop: asyncio.Event,
) -> None:
    """Commands at `settings.rate` per second (fewer if `settings.concurrency` are all
    waiting), until told to stop or `settings.max_commands` are sent; then waits for the
    answers still out."""
    gate = asyncio.Semaphore(settings.concurrency)
    running: set[asyncio.Task[None]] = set()
    choices = list(communities.values())

    async def one(command: Command) -> None:
        try:
            command.outcome, command.detail, command.event_seq, _ = await send(client, communities, command)
        finally:
            gate.release()

    due = time.monotonic()
    while not stop.is_set() and len(commands) < settings.max_commands:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        due = max(due + 1 / settings.rate, time.monotonic() - 1)  # behind by more than a second: no burst
        await gate.acquire()
        command = new_command(rng, rng.choice(choices), settings.award_share)
        commands.append(command)
        task = asyncio.create_task(one(command))
        running.add(task)
        task.add_done_callback(running.discard)
    if running:
        await asyncio.gather(*running)


async def retry_unacknowledged(
    client: httpx.AsyncClient, communities: dict[str, Community], commands: list[Command], concurrency: int
) -> None:
    """Each command without an acknowledgement, once more with the same key and body."""
    gate = asyncio.Semaphore(concurrency)

    async def one(command: Command) -> None:
        async with gate:
            outcome, command.retry_detail, command.retry_seq, replayed = await send(
                client, communities, command
            )
        if outcome == "acknowledged":
            command.retry_outcome = "replayed" if replayed else "fresh"
        else:
            command.retry_outcome = outcome

    await asyncio.gather(*(one(command) for command in commands if command.outcome == "unacknowledged"))
