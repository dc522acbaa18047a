"""ops/chaos: blows under load, then an account of every command sent.

On an embedded PostgreSQL of its own (a separate LEDGER_HOME, never the project's .ledger/)
and a `ledger serve` process it starts on a free 127.0.0.1 port, it seeds a few communities,
sends a mixed load of redemptions and awards (each with a fresh Idempotency-Key) at a
bounded rate, and meanwhile kills the server with SIGKILL (then starts it again, as systemd
would) and stops PostgreSQL with `pg_ctl stop -m immediate`. After a database stop it does
not start PostgreSQL: the server must bring it back by itself, and the stop counts as
recovered only when /readyz answers 200 within --recovery-seconds.

Afterwards every command that was not acknowledged is sent once more with the same key and
body, and the log is read back from the database: every acknowledged command exactly once
and at the seq it was answered with, every other one at most once and as its retry
answered, no event with a key that was never sent, `ledger verify` and `ledger rebuild
--check` clean. Exits 1 if any of that is wrong, or if any stop was not recovered.

Run through `ops/chaos` (it installs what is missing); `--report FILE` writes the figures as
JSON.

The package: server (the run's own server and PostgreSQL), seeding, load (the commands and
their answers), blows, accounting, report; run puts them together and __main__ is the
command line.
"""
