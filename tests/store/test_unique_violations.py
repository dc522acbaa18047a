"""A duplicate key is told apart from every other error, whichever way the server reports it:
PostgreSQL's own error, and the two shapes a worker's error takes through a Citus coordinator
(both seen on Citus 13.2: a remote command keeps the SQLSTATE but loses the constraint's
name; a COPY into the shards, which is how Citus runs INSERT … SELECT, loses the SQLSTATE
too). Every mapping of a duplicate key to a refusal rests on this; the refusals themselves are
tested where they are made (tests/api/test_carry_over.py, a household number twice …)."""

from __future__ import annotations

import asyncpg
import pytest

from ledger.store.record import violated_unique_key

_DUPLICATE = 'duplicate key value violates unique constraint "{}"'


def _error(fields: dict[str, str]) -> asyncpg.PostgresError:
    return asyncpg.PostgresError.new({"S": "ERROR", **fields})


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        # One PostgreSQL: the state and the constraint's name, as it is in the schema.
        (
            {
                "C": "23505",
                "M": _DUPLICATE.format("carry_ins_once_per_household"),
                "n": "carry_ins_once_per_household",
            },
            "carry_ins_once_per_household",
        ),
        # Citus, a remote command: the state, and the shard's constraint in the message only.
        (
            {"C": "23505", "M": _DUPLICATE.format("carry_ins_once_per_household_102676")},
            "carry_ins_once_per_household",
        ),
        # Citus, a COPY into the shards: an internal error whose message is the worker's.
        (
            {"C": "XX000", "M": _DUPLICATE.format("events_idempotency_key_unique_102008")},
            "events_idempotency_key_unique",
        ),
        # A duplicate key whose message says nothing more (a server speaking another language).
        ({"C": "23505", "M": "重复键违反唯一约束"}, ""),
    ],
)
def test_a_duplicate_key_is_known_and_names_the_table_s_constraint(fields, constraint):
    assert violated_unique_key(_error(fields)) == constraint


@pytest.mark.parametrize(
    "fields",
    [
        {
            "C": "23514",
            "M": 'new row for relation "carry_ins_102679" violates check constraint "carry_ins_source_given"',
        },
        {
            "C": "XX000",
            "M": 'new row for relation "carry_ins_102679" violates check constraint "carry_ins_source_given"',
        },
        {
            "C": "23503",
            "M": 'insert or update on table "cards" violates foreign key constraint "cards_household_fkey"',
        },
    ],
)
def test_any_other_error_is_not_a_duplicate_key(fields):
    assert violated_unique_key(_error(fields)) is None
