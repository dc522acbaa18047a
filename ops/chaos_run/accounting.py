"""The account of every command sent: the log read back from the database, each command
found exactly once and as answered (or at most once and as its retry answered), and the
failures the figures add up to."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.store import queries
from ledger.store.pool import connect_owner
from ops.chaos_run.load import Command

EVENT_PAGE = 5_000
MUST_BE_NOUGHT = ("lost", "duplicated", "phantom", "mismatched", "refused_but_logged")
PHANTOMS_LISTED = 20

Logged = list[tuple[str, int, str | None]]  # (community, seq, household) of each event with a key


async def keyed_events(url: str, community_ids: list[str]) -> dict[str, Logged]:
    """Every event of these communities that carries an idempotency key: key → [(community,
    seq, household)], read from the database itself rather than through the server."""
    found: dict[str, Logged] = {}
    owner = await connect_owner(url)
    try:
        for community_id in community_ids:
            after = 0
            while True:
                page = await queries.events_after(owner, uuid.UUID(community_id), after, EVENT_PAGE)
                for event in page:
                    if event.idempotency_key is not None:
                        household = None if event.household_id is None else str(event.household_id)
                        found.setdefault(event.idempotency_key, []).append(
                            (community_id, event.seq, household)
                        )
                if len(page) < EVENT_PAGE:
                    break
                after = page[-1].seq
    finally:
        await owner.close()
    return found


def account(commands: list[Command], events: dict[str, Logged]) -> dict[str, Any]:
    """The figures: what was sent against what the log holds."""
    figures: dict[str, Any] = {
        "sent": len(commands),
        "redemptions": sum(command.kind == "redemption" for command in commands),
        "awards": sum(command.kind == "award" for command in commands),
        "acknowledged": 0,
        "refused": 0,
        "unacknowledged": 0,
        "retry_replayed": 0,  # committed, but the first answer was lost
        "retry_fresh": 0,  # never landed the first time; the retry did
        "retry_refused": 0,
        "retry_unanswered": 0,
        "found": 0,  # acknowledged commands in the log exactly once, at the seq answered
        "lost": 0,
        "duplicated": 0,
        "mismatched": 0,  # in the log, but not as answered (another seq, another household)
        "refused_but_logged": 0,
        "phantom": 0,
        "refusal_codes": {},
        "problems": [],
    }
    for command in commands:
        account_command(figures, command, events.get(command.key, []))
    phantoms = sorted(set(events) - {command.key for command in commands})
    figures["phantom"] = len(phantoms)
    figures["problems"].extend(
        f"{key}: in the log, never sent {events[key]}" for key in phantoms[:PHANTOMS_LISTED]
    )
    return figures


def account_command(figures: dict[str, Any], command: Command, logged: Logged) -> None:
    """One command against the events logged with its key."""
    figures[command.outcome] += 1
    problems: list[str] = figures["problems"]
    if len(logged) > 1:
        figures["duplicated"] += 1
        problems.append(f"{command.key}: {len(logged)} events {logged}")
    elsewhere = any(
        community != command.community_id or household != command.household_id
        for community, _, household in logged
    )
    if elsewhere:
        figures["mismatched"] += 1
        problems.append(f"{command.key}: logged for another community or household {logged}")
    expected_seq = command.event_seq
    if command.outcome == "refused":
        figures["refusal_codes"][command.detail] = figures["refusal_codes"].get(command.detail, 0) + 1
        if logged:
            figures["refused_but_logged"] += 1
            problems.append(f"{command.key}: refused ({command.detail}) yet in the log {logged}")
    elif command.outcome == "acknowledged":
        if not logged:
            figures["lost"] += 1
            problems.append(f"{command.key}: acknowledged at seq {command.event_seq}, not in the log")
        elif len(logged) == 1 and logged[0][1] == command.event_seq and not elsewhere:
            figures["found"] += 1
    elif command.outcome == "unacknowledged":
        account_retry(figures, command, logged)
        expected_seq = command.retry_seq
    if expected_seq is not None and len(logged) == 1 and logged[0][1] != expected_seq:
        figures["mismatched"] += 1
        problems.append(f"{command.key}: answered seq {expected_seq}, logged at {logged[0][1]}")


def account_retry(figures: dict[str, Any], command: Command, logged: Logged) -> None:
    """An unacknowledged command by what its retry was answered."""
    retry = command.retry_outcome
    counted = {"replayed": "retry_replayed", "fresh": "retry_fresh", "refused": "retry_refused"}
    figures[counted.get(retry or "", "retry_unanswered")] += 1
    if retry in ("replayed", "fresh") and not logged:
        figures["lost"] += 1
        figures["problems"].append(f"{command.key}: retry answered seq {command.retry_seq}, not in the log")
    if retry == "refused" and logged:
        figures["refused_but_logged"] += 1
        figures["problems"].append(f"{command.key}: retry refused ({command.retry_detail}) yet in the log")


def failures_of(figures: dict[str, Any]) -> list[str]:
    """What went wrong, in words; none for a run that held."""
    failures = [f"{name} {figures[name]} (must be 0)" for name in MUST_BE_NOUGHT if figures[name]]
    if figures["recovered"] < figures["stops"]:
        failures.append(
            f"the server recovered by itself after {figures['recovered']} of {figures['stops']} database stops"
        )
    if figures["restarted"] < figures["kills"]:
        failures.append(f"the server served again after {figures['restarted']} of {figures['kills']} kills")
    if not figures["verify_ok"]:
        failures.append("ledger verify failed")
    if not figures["rebuild_ok"]:
        failures.append("ledger rebuild --check found differences")
    if figures["acknowledged"] == 0:
        failures.append("no command was acknowledged: the load never reached a serving server")
    return failures
