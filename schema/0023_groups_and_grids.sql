-- 0023 · Groups and grids (村民小组, 网格 / 楼栋): how a village divides its households, and
-- which grids each scorer looks after ("人在网中走，事在格中办"). Each table is a projection
-- of events (group.created / renamed / retired, household.moved, scorer.grid_assigned /
-- unassigned), written in the transaction that appends them and rebuilt from the log.
-- Households registered before this migration belong to no group until one is assigned:
-- nothing here invents a placement.

-- A group, or a grid (optionally within a group: its parent). Retired ones stay, so that
-- the history still names them; a name is taken only among the living of its kind.
CREATE TABLE community_groups (
    community_id uuid NOT NULL,
    group_id uuid NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    parent_id uuid,
    status text NOT NULL DEFAULT 'active',
    CONSTRAINT community_groups_key PRIMARY KEY (community_id, group_id),
    CONSTRAINT community_groups_community FOREIGN KEY (community_id) REFERENCES communities,
    CONSTRAINT community_groups_kind CHECK (kind IN ('group', 'grid')),
    CONSTRAINT community_groups_name_length CHECK (length(name) BETWEEN 1 AND 40),
    CONSTRAINT community_groups_status CHECK (status IN ('active', 'retired')),
    -- Only a grid has a parent, and it is a group (the store checks the kind).
    CONSTRAINT community_groups_parent_of_grid CHECK (parent_id IS NULL OR kind = 'grid'),
    CONSTRAINT community_groups_parent FOREIGN KEY (community_id, parent_id) REFERENCES community_groups
);
CREATE UNIQUE INDEX community_groups_living_name ON community_groups (community_id, kind, name)
    WHERE status = 'active';

-- Where a household belongs: one group, at most one grid. No row: not yet placed.
CREATE TABLE household_places (
    community_id uuid NOT NULL,
    household_id uuid NOT NULL,
    group_id uuid NOT NULL,
    grid_id uuid,
    moved_seq bigint NOT NULL,
    CONSTRAINT household_places_key PRIMARY KEY (community_id, household_id),
    CONSTRAINT household_places_household FOREIGN KEY (community_id, household_id) REFERENCES households,
    CONSTRAINT household_places_group FOREIGN KEY (community_id, group_id) REFERENCES community_groups,
    CONSTRAINT household_places_grid FOREIGN KEY (community_id, grid_id) REFERENCES community_groups
);
-- "all households of my grid" and the households page's filters are index range scans.
CREATE INDEX household_places_by_group ON household_places (community_id, group_id);
CREATE INDEX household_places_by_grid ON household_places (community_id, grid_id) WHERE grid_id IS NOT NULL;

-- The grids a scorer looks after. A scorer with none proposes for every household (small
-- villages); one with some, only for the households of those grids (ledger_proposal_refusal).
CREATE TABLE scorer_grids (
    community_id uuid NOT NULL,
    user_id uuid NOT NULL,
    grid_id uuid NOT NULL,
    assigned_seq bigint NOT NULL,
    CONSTRAINT scorer_grids_key PRIMARY KEY (community_id, user_id, grid_id),
    CONSTRAINT scorer_grids_user FOREIGN KEY (user_id) REFERENCES users,
    CONSTRAINT scorer_grids_grid FOREIGN KEY (community_id, grid_id) REFERENCES community_groups
);

GRANT SELECT, INSERT, UPDATE ON community_groups, household_places TO ledger_app;
GRANT SELECT, INSERT, DELETE ON scorer_grids TO ledger_app;
