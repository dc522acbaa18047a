-- 0017 · The monthly lists read only the index: household, points and seq ride along in it,
-- so a month of a million-event community is an index-only scan instead of one heap page
-- per award (measured in ops/bench: 70 ms → under 10 ms). The log is insert-only, so
-- autovacuum keeps the visibility map current and the heap is rarely visited.
CREATE INDEX events_monthly_points_covering ON events (community_id, kind, occurred_on)
    INCLUDE (household_id, honour_delta, seq)
    WHERE kind IN ('award.confirmed', 'deduction.recorded');
DROP INDEX events_monthly_points;
