"""Scanner input as a keyboard-wedge scanner types it (clerk-qr-format.md: keyboard wedge)."""

from __future__ import annotations

import pytest

from kiosk.clerk.scan import MAX_DIGITS, MAX_INPUT, Collector, Rejected, normalise
from kiosk.ks1 import dec

CODE = "KS1-0" + "12345678901234567" * 3


def test_clean_code_passes_unchanged():
    assert normalise(CODE) == CODE


def test_full_width_digits_from_an_ime_are_normalised():
    wide = CODE.translate(str.maketrans("0123456789-KS", "０１２３４５６７８９－ＫＳ"))
    assert normalise(wide) == CODE


def test_prefix_case_and_stray_whitespace_are_normalised():
    assert normalise("ks1-" + CODE[4:]) == CODE
    assert normalise("  Ks1-\t" + CODE[4:20] + " " + CODE[20:] + "\r\n") == CODE


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"), ("   ", "empty"), ("KS1-", "empty"),
    ("KS2-0123", "prefix"), ("HC1:0123", "prefix"), ("KS10123", "prefix"), ("ＫＳ２－０１", "prefix"),
    ("KS1-0123A45", "not_digits"), ("KS1-01234ー5", "not_digits"), ("KS1-0１２３あ", "not_digits"),
    ("KS1-012\x00345", "not_digits"), ("KS1-½", "not_digits"),
    ("KS1-2123", "frame_header"), ("KS1-1512345", "frame_header"), ("KS1-131123450", "frame_header"),
    ("KS1-1", "frame_header"),
])
def test_anything_else_is_refused_before_decoding(text, reason):
    assert normalise(text) == Rejected(reason)


def test_over_long_input_is_refused():
    assert normalise("KS1-0" + "1" * MAX_DIGITS) == Rejected("too_long")
    assert normalise("x" * (MAX_INPUT + 1)) == Rejected("too_long")


def test_parts_are_collected_in_any_order_with_progress():
    strings = dec.qr_strings(bytes(range(200)), 3)
    collector = Collector()
    first = collector.add(normalise(strings[2]))
    assert (first.complete, first.have, first.need) == (False, 1, 3)
    again = collector.add(normalise(strings[2]))  # the same part twice counts once
    assert (again.have, again.need) == (1, 3)
    second = collector.add(normalise(strings[0]))
    assert (second.complete, second.have, second.need) == (False, 2, 3)
    done = collector.add(normalise(strings[1]))
    assert done.complete and done.strings == strings
    assert collector.pending == (0, 0)


def test_a_part_of_another_message_restarts_collecting():
    ours = dec.qr_strings(bytes(range(200)), 3)
    theirs = dec.qr_strings(bytes(range(1, 201)), 3)
    collector = Collector()
    collector.add(ours[0])
    collector.add(ours[1])
    state = collector.add(theirs[2])
    assert state.restarted and not state.complete and (state.have, state.need) == (1, 3)


def test_a_single_symbol_completes_at_once():
    state = Collector().add(CODE)
    assert state.complete and state.strings == [CODE]
