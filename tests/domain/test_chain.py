"""The chain check needs no database: it recomputes every link from the stored bytes."""

from __future__ import annotations

import datetime
import hashlib
import uuid

import msgspec

from ledger.domain.chain import ChainWalker, canonical_fields
from ledger.domain.events import GENESIS_HASH, Event

COMMUNITY = uuid.UUID(int=7)


def _chain(count: int) -> list[Event]:
    events, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        draft = Event(
            community_id=COMMUNITY,
            seq=seq,
            kind="award.confirmed",
            recorded_at=datetime.datetime(2026, 11, 28, 8, 0, seq, tzinfo=datetime.UTC),
            occurred_on=datetime.date(2026, 11, 28),
            actor_id=None,
            household_id=uuid.UUID(int=seq),
            spendable_delta=seq,
            pending_delta=0,
            honour_delta=seq,
            money_delta_fen=0,
            body={"points": seq},
            idempotency_key=None,
            request_digest=None,
            canonical=b"",
            previous_hash=previous,
            hash=b"",
        )
        canonical = msgspec.json.encode(canonical_fields(draft))
        digest = hashlib.sha256(previous + canonical).digest()
        events.append(msgspec.structs.replace(draft, canonical=canonical, hash=digest))
        previous = digest
    return events


def test_an_intact_chain_verifies():
    events = _chain(5)
    walker = ChainWalker()
    assert walker.feed(events)
    report = walker.report(5, events[-1].hash)
    assert report.ok
    assert report.first_bad_seq is None


def test_a_changed_column_is_named_at_its_seq():
    events = _chain(5)
    events[2] = msgspec.structs.replace(events[2], honour_delta=99)
    walker = ChainWalker()
    assert not walker.feed(events)
    report = walker.report(5, events[-1].hash)
    assert report.first_bad_seq == 3
    assert report.problem == "columns differ from the chained record: honour_delta"


def test_changed_bytes_break_the_hash():
    events = _chain(3)
    events[1] = msgspec.structs.replace(
        events[1], canonical=events[1].canonical.replace(b'"points":2', b'"points":9')
    )
    walker = ChainWalker()
    walker.feed(events)
    assert walker.report(3, events[-1].hash).first_bad_seq == 2


def test_a_missing_event_is_a_gap():
    events = _chain(4)
    walker = ChainWalker()
    walker.feed([events[0], events[2], events[3]])
    report = walker.report(4, events[-1].hash)
    assert report.first_bad_seq == 2
    assert report.problem is not None and report.problem.startswith("sequence gap")


def test_a_truncated_tail_disagrees_with_the_head():
    events = _chain(4)
    walker = ChainWalker()
    walker.feed(events[:3])
    report = walker.report(4, events[-1].hash)
    assert not report.ok
    assert report.first_bad_seq == 4
