"""Stored images (goods photos, proposal evidence)."""

from __future__ import annotations

import uuid

from ledger.domain.images import CleanImage
from ledger.store.types import Connection


async def insert(
    connection: Connection, community_id: uuid.UUID, image_id: uuid.UUID, image: CleanImage
) -> None:
    await connection.execute(
        """INSERT INTO images (community_id, image_id, media_type, content, sha256, width, height)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        community_id,
        image_id,
        image.media_type,
        image.content,
        image.sha256,
        image.width,
        image.height,
    )
