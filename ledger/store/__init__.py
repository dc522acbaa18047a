"""asyncpg persistence: the only Python that speaks SQL."""
