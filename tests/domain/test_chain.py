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


def _links(events: list[Event]) -> list[tuple[int, bytes, bytes, bytes]]:
    return [(event.seq, event.canonical, event.previous_hash, event.hash) for event in events]


def test_the_links_alone_verify_page_by_page():
    events = _chain(6)
    walker = ChainWalker()
    assert walker.feed_links(_links(events[:4]))
    assert walker.feed_links(_links(events[4:]))
    report = walker.report(6, events[-1].hash)
    assert (report.ok, report.events) == (True, 6)


def test_a_broken_link_stops_the_walk_at_its_seq():
    events = _chain(5)
    events[3] = msgspec.structs.replace(events[3], previous_hash=bytes(32))
    walker = ChainWalker()
    assert not walker.feed_links(_links(events))
    report = walker.report(5, events[-1].hash)
    assert (report.first_bad_seq, report.events) == (4, 3)
    assert report.problem == "previous_hash does not match the hash of the event before"


def test_a_gap_in_the_links_is_missing():
    events = _chain(4)
    walker = ChainWalker()
    walker.feed_links(_links([events[0], events[2], events[3]]))
    report = walker.report(4, events[-1].hash)
    assert (report.first_bad_seq, report.missing) == (2, True)


def test_columns_found_to_disagree_name_the_changed_ones():
    events = _chain(5)
    walker = ChainWalker()
    assert walker.feed_links(_links(events))
    walker.columns_disagree(msgspec.structs.replace(events[1], spendable_delta=50))
    report = walker.report(5, events[-1].hash)
    assert (report.ok, report.first_bad_seq, report.events) == (False, 2, 1)
    assert report.problem == "columns differ from the chained record: spendable_delta"


def test_an_earlier_broken_link_comes_before_disagreeing_columns():
    events = _chain(5)
    events[1] = msgspec.structs.replace(events[1], hash=bytes(32))
    walker = ChainWalker()
    walker.feed_links(_links(events))
    walker.columns_disagree(msgspec.structs.replace(events[3], honour_delta=1))
    assert walker.report(5, events[-1].hash).first_bad_seq == 2
