"""Groups and grids as the API answers them."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

import msgspec


class Group(msgspec.Struct, frozen=True):
    """A villager group (kind "group") or a grid / building (kind "grid", its parent the
    group it lies within, if any), how many households it holds, and — for a grid — the
    scorers who look after it."""

    id: uuid.UUID
    kind: str
    name: str
    parent_id: uuid.UUID | None
    status: str
    households: int
    scorers: list[uuid.UUID]

    example: ClassVar[dict[str, Any]] = {
        "id": "6c1a4d2f-3e5b-4f7c-9d0e-1b2c3d4e5f60",
        "kind": "grid",
        "name": "三组东片",
        "parent_id": "5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f",
        "status": "active",
        "households": 42,
        "scorers": ["7d2b5e3a-4f6c-4a8d-8e1f-2c3d4e5f6a71"],
    }


def group_answer(row: Any) -> Group:
    return Group(
        id=row["group_id"],
        kind=row["kind"],
        name=row["name"],
        parent_id=row["parent_id"],
        status=row["status"],
        households=row["households"],
        scorers=list(row["scorers"]),
    )
