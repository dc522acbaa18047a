"""The monthly activity tables (schema/0025, and the lists' household_month_points of 0027)
as the rebuild sees them: read back into a
Projection's shape, and rewritten from a replay of the log. The append keeps them up to date
itself (schema/functions/activity.sql)."""

from __future__ import annotations

import uuid

from ledger.domain.activity import MonthActivity
from ledger.domain.projection import Projection
from ledger.store.types import Connectable, Connection

_FIGURES = (
    "points_awarded",
    "points_deducted",
    "points_redeemed",
    "fund_in_fen",
    "fund_out_fen",
    "households_taking_part",
)


async def read_into(db: Connectable, community_id: uuid.UUID, projection: Projection) -> None:
    for row in await db.fetch(
        f"SELECT month, {', '.join(_FIGURES)} FROM community_month_activity WHERE community_id = $1",  # noqa: S608 fixed names
        community_id,
    ):
        projection.activity[row["month"]] = MonthActivity(*(int(row[name]) for name in _FIGURES))
    for row in await db.fetch(
        "SELECT month, household_id FROM household_month_activity WHERE community_id = $1", community_id
    ):
        projection.households_taking_part.add((row["month"], str(row["household_id"])))
    # A row whose entries were all reversed (nothing left, on no list) is as good as none:
    # the replay keeps none, nor does 0027's fill from the log.
    for row in await db.fetch(
        """SELECT month, kind, household_id, points, times FROM household_month_points
           WHERE community_id = $1 AND (points <> 0 OR times <> 0)""",
        community_id,
    ):
        projection.month_points[(row["month"], row["kind"], str(row["household_id"]))] = (
            int(row["points"]),
            int(row["times"]),
        )


async def rewrite(connection: Connection, community_id: uuid.UUID, replayed: Projection) -> None:
    """Make the tables what the log gives (the caller holds the head lock, in a transaction)."""
    await connection.execute("DELETE FROM community_month_activity WHERE community_id = $1", community_id)
    await connection.execute("DELETE FROM household_month_activity WHERE community_id = $1", community_id)
    await connection.execute("DELETE FROM household_month_points WHERE community_id = $1", community_id)
    await connection.copy_records_to_table(
        "community_month_activity",
        columns=("community_id", "month", *_FIGURES),
        records=[
            (community_id, month, *(getattr(figures, name) for name in _FIGURES))
            for month, figures in sorted(replayed.activity.items())
        ],
    )
    await connection.copy_records_to_table(
        "household_month_activity",
        columns=("community_id", "month", "household_id"),
        records=[
            (community_id, month, uuid.UUID(household))
            for month, household in sorted(replayed.households_taking_part)
        ],
    )
    await connection.copy_records_to_table(
        "household_month_points",
        columns=("community_id", "month", "kind", "household_id", "points", "times"),
        records=[
            (community_id, month, kind, uuid.UUID(household), points, times)
            for (month, kind, household), (points, times) in sorted(replayed.month_points.items())
        ],
    )
