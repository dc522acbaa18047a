"""A real three-node Citus cluster (a coordinator and two workers) on this machine, for the
tests: the embedded PostgreSQL's own binaries plus the prebuilt Citus of ../shared/citus/.

    python -m ops.citus_cluster start --base DIR [--citus TARBALL]
    python -m ops.citus_cluster status --base DIR
    python -m ops.citus_cluster stop --base DIR
    python -m ops.citus_cluster create-database --url COORDINATOR_URL NAME

`start` prints the coordinator's URL and writes it, with the nodes' ports, to DIR/cluster.json;
`create-database` makes a fresh database with Citus on every node of a cluster (this one or
anyone's) and registers the workers in it, as `ops/test-citus` does for each suite run.
"""
