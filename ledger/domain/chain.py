"""Verification of a community's hash chain (invariant 4), independent of the database.

The database computes each link when it appends; this recomputes every link from the
stored canonical bytes with Python's own SHA-256 and checks that every column says
what the chained bytes say, so neither a changed column nor changed bytes go unseen.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from ledger.domain.events import GENESIS_HASH, Event


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None
    missing: bool = False  # entries deleted (a gap, or a log that ends before its head), not changed


def _utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def canonical_fields(event: Event) -> dict:
    """The columns as the canonical JSON records them."""
    return {
        "community_id": str(event.community_id),
        "seq": event.seq,
        "kind": event.kind,
        "recorded_at": _utc_text(event.recorded_at),
        "occurred_on": event.occurred_on.isoformat(),
        "actor_id": _optional_text(event.actor_id),
        "household_id": _optional_text(event.household_id),
        "spendable_delta": event.spendable_delta,
        "pending_delta": event.pending_delta,
        "honour_delta": event.honour_delta,
        "money_delta_fen": event.money_delta_fen,
        "body": event.body,
        "idempotency_key": event.idempotency_key,
        "request_digest": None if event.request_digest is None else event.request_digest.hex(),
    }


def event_problem(event: Event, previous_hash: bytes, expected_seq: int) -> str | None:
    """Why this event breaks the chain, or None when it links correctly."""
    if event.seq != expected_seq:
        return f"sequence gap: expected {expected_seq}, found {event.seq}"
    if event.previous_hash != previous_hash:
        return "previous_hash does not match the hash of the event before"
    if hashlib.sha256(previous_hash + event.canonical).digest() != event.hash:
        return "hash does not match the canonical bytes"
    try:
        recorded = msgspec.json.decode(event.canonical)
    except msgspec.DecodeError:
        return "canonical bytes are not JSON"
    if recorded != canonical_fields(event):
        changed = sorted(k for k, v in canonical_fields(event).items() if recorded.get(k) != v)
        return f"columns differ from the chained record: {', '.join(changed)}"
    return None


class ChainWalker:
    """Walk a community's events in seq order, a page at a time, remembering the link."""

    def __init__(self) -> None:
        self.previous_hash = GENESIS_HASH
        self.count = 0
        self.first_bad_seq: int | None = None
        self.problem: str | None = None
        self.missing = False

    def feed(self, events: Iterable[Event]) -> bool:
        """Check the next events; False once a bad one is found (stop walking)."""
        for event in events:
            problem = event_problem(event, self.previous_hash, self.count + 1)
            if problem is not None:
                self.first_bad_seq = self.count + 1 if event.seq > self.count + 1 else event.seq
                self.problem = problem
                self.missing = event.seq != self.count + 1
                return False
            self.previous_hash = event.hash
            self.count += 1
        return True

    def report(self, head_seq: int, head_hash: bytes) -> ChainReport:
        problem = self.problem
        first_bad = self.first_bad_seq
        missing = self.missing
        if problem is None and (head_seq != self.count or head_hash != self.previous_hash):
            problem = f"head row says seq {head_seq} but the log ends at {self.count}"
            first_bad = min(head_seq, self.count) + 1
            missing = self.count < head_seq
        return ChainReport(
            ok=problem is None,
            events=self.count,
            head_seq=head_seq,
            head_hash=head_hash.hex(),
            first_bad_seq=first_bad,
            problem=problem,
            missing=missing,
        )
