"""What the store functions accept: a pool, a connection, or a pool's connection."""

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
Connectable: TypeAlias = asyncpg.Pool | Connection
