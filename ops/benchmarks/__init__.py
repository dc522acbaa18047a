"""ops/bench: the ledger's speed, each figure beside a baseline measured in the same run on
the same embedded PostgreSQL — HTTP redemptions over 1, 10 and 50 communities and the counter
sale by card against pgbench's minimal redemption (UPDATE balance where enough + INSERT
event), the card look-up against pgbench's select-only script, the batch award and the
monthly red list against plain SQL, `ledger verify` and `ledger rebuild --check` over a
million events against SHA-256 and plain SQL, and the server's peak memory. Durable commits
stay on (synchronous_commit=on, fsync=on).

Run through `ops/bench` (it installs what is missing). Prints one table (figure, baseline,
ratio, target, met, p50, p99) and writes it to .ledger/bench/ as result.json, result.md
(the README's table) and result.png (a chart of the same rows).

One module per benchmark (redemptions, redemption_by_card, card_lookup, batch_award, board,
records, pgbench), and the shared ones: preparation (the data, and the only module that
imports the ledger), server (start, stop, HTTP), wrk, machine, report, chart; __main__ runs
them in order.

`ops/bench --citus` runs comparison instead: redemptions and the batch award on the single
PostgreSQL and on a Citus cluster (citus: started here or LEDGER_CITUS_URL's), the CPU of
each part metered (cpu), the figures side by side (comparison_report, .ledger/bench/citus.json).
"""
