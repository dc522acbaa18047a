"""The read layer: what the edges (the JSON API, the pages, the command line) may read,
by subject, always within one community. Nothing here writes; writes go through
ledger.services. Each subject has its own module; the names are gathered here so a
reader writes `queries.household(...)` whatever the subject."""

from ledger.store.queries.cards import card_by_token_hash
from ledger.store.queries.communities import (
    community,
    community_ids,
    community_names,
    events_recorded,
    local_today,
    settlements,
)
from ledger.store.queries.events import (
    EVENT_COLUMNS,
    all_reversals,
    event_from_record,
    event_household,
    events_after,
)
from ledger.store.queries.fund import fund_balance
from ledger.store.queries.goods import all_stock, goods, goods_item
from ledger.store.queries.households import (
    all_household_figures,
    closed_household_numbers,
    earned_in_year,
    household,
    household_by_number,
    household_numbers,
    households,
    households_by_numbers,
)
from ledger.store.queries.rules import rules

__all__ = [
    "closed_household_numbers",
    "community",
    "local_today",
    "community_names",
    "community_ids",
    "settlements",
    "household",
    "households",
    "household_by_number",
    "household_numbers",
    "households_by_numbers",
    "all_household_figures",
    "earned_in_year",
    "goods_item",
    "goods",
    "all_stock",
    "rules",
    "EVENT_COLUMNS",
    "event_from_record",
    "events_after",
    "events_recorded",
    "event_household",
    "all_reversals",
    "card_by_token_hash",
    "fund_balance",
]
