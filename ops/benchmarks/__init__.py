"""ops/bench: redemptions over real HTTP at 32 connections, against PostgreSQL's own pgbench
running the minimal redemption (UPDATE balance where enough + INSERT event) on the same
server in the same run. Durable commits stay on (synchronous_commit=on, fsync=on).

Run through `ops/bench` (it installs what is missing). Prints a table and writes the
figures as JSON to .ledger/bench/result.json.

One module per benchmark (redemptions, redemption_by_card, batch_award, board, pgbench),
and the shared ones: preparation (the data, and the only module that imports the ledger),
server (start, stop, HTTP), wrk, machine, report; __main__ runs them in order.

`ops/bench --citus` runs comparison instead: redemptions and the batch award on the single
PostgreSQL and on a Citus cluster (citus: started here or LEDGER_CITUS_URL's), the CPU of
each part metered (cpu), the figures side by side (comparison_report, .ledger/bench/citus.json).
"""
