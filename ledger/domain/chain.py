"""Verification of a community's hash chain (invariant 4), independent of the database.

The database computes each link when it appends; this recomputes every link from the
stored canonical bytes with Python's own SHA-256 and checks that every column says
what the chained bytes say, so neither a changed column nor changed bytes go unseen.

A long chain is walked by its links alone (seq, bytes, previous hash, hash: `feed_links`),
so the walk costs one SHA-256 an entry; whether the columns still say what the bytes say
is then asked of the database for all entries at once, and only an entry it names is
decoded and compared here (`columns_disagree`), to say which columns changed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from ledger.domain.events import GENESIS_HASH, Event

ChainLink = tuple[int, bytes, bytes, bytes]  # seq, canonical bytes, previous hash, hash


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


def link_problem(
    seq: int,
    canonical: bytes,
    previous_hash: bytes,
    digest: bytes,
    expected_previous: bytes,
    expected_seq: int,
) -> str | None:
    """Why this entry does not link to the one before (None: it does)."""
    if seq != expected_seq:
        return f"sequence gap: expected {expected_seq}, found {seq}"
    if previous_hash != expected_previous:
        return "previous_hash does not match the hash of the event before"
    if hashlib.sha256(expected_previous + canonical).digest() != digest:
        return "hash does not match the canonical bytes"
    return None


def event_problem(event: Event, previous_hash: bytes, expected_seq: int) -> str | None:
    """Why this event breaks the chain, or None when it links correctly."""
    problem = link_problem(
        event.seq, event.canonical, event.previous_hash, event.hash, previous_hash, expected_seq
    )
    return problem if problem is not None else column_problem(event)


def column_problem(event: Event) -> str | None:
    """Which columns say something else than the event's canonical bytes (None: none)."""
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
                self._stop(event.seq, problem)
                return False
            self.previous_hash = event.hash
            self.count += 1
        return True

    def feed_links(self, links: Iterable[ChainLink]) -> bool:
        """Check the next links (seq, canonical bytes, previous hash, hash) — the chain
        alone, not the columns (see `columns_disagree`); False once a bad one is found."""
        sha256 = hashlib.sha256  # a local name: this loop runs once per entry of the log
        previous, expected = self.previous_hash, self.count + 1
        for seq, canonical, previous_hash, digest in links:
            if (
                seq != expected
                or previous_hash != previous
                or sha256(previous + canonical).digest() != digest
            ):
                self.previous_hash, self.count = previous, expected - 1
                self._stop(seq, link_problem(seq, canonical, previous_hash, digest, previous, expected))
                return False
            previous = digest
            expected += 1
        self.previous_hash, self.count = previous, expected - 1
        return True

    def columns_disagree(self, event: Event) -> None:
        """The database found `event`'s columns saying something else than its bytes: it is
        the first bad entry, unless the walk stopped at an earlier one."""
        if self.problem is not None and (self.first_bad_seq or 0) <= event.seq:
            return
        self.count = event.seq - 1
        self.first_bad_seq = event.seq
        self.missing = False
        self.problem = column_problem(event) or "columns differ from the chained record"

    def _stop(self, seq: int, problem: str | None) -> None:
        self.first_bad_seq = self.count + 1 if seq > self.count + 1 else seq
        self.problem = problem
        self.missing = seq != self.count + 1

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
