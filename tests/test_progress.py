"""Long work tells its progress: a bar in a terminal, one line at the end elsewhere."""

import contextlib
import io

from ledger.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_away_from_a_terminal_the_work_says_one_line_at_the_end_with_its_count_and_rate():
    stream = io.StringIO()
    moments = iter([100.0, 104.0])
    with progress("verify", total=1_000, unit="events", stream=stream, clock=lambda: next(moments)) as shown:
        for _ in range(4):
            shown.advance(250)
        assert stream.getvalue() == ""  # nothing while it runs
    assert stream.getvalue() == "verify: 1,000 events in 4.0 s, 250 events/s\n"


def test_in_a_terminal_the_bar_shows_the_count_and_the_rate():
    stream = Terminal()
    moments = iter([0.0] + [2.0] * 10)
    with progress("rebuild", total=400, unit="events", stream=stream, clock=lambda: next(moments)) as shown:
        shown.advance(400)
    shown_text = stream.getvalue()
    assert "rebuild" in shown_text
    assert "400/400" in shown_text
    assert "200 events/s" in shown_text


def test_a_total_learnt_on_the_way_replaces_the_unknown_one():
    stream = Terminal()
    with progress("restore", unit="rows", stream=stream) as shown:
        shown.total(10)
        shown.advance(10)
    assert "10/10" in stream.getvalue()


def test_what_the_work_prints_meanwhile_stays_on_standard_output_when_that_is_no_terminal():
    stream, output = Terminal(), io.StringIO()
    with (
        contextlib.redirect_stdout(output),
        progress("verify", total=1, unit="events", stream=stream) as shown,
    ):
        print("c6e799b0: ok, 1 events")
        shown.advance(1)
    assert output.getvalue() == "c6e799b0: ok, 1 events\n"
    assert "c6e799b0" not in stream.getvalue()
