"""The counter's two windows fit every screen size they will meet (issue #17, A11Y-04, A11Y-10):
the reference family is played through the counter once (the clerk's keys, the resident's taps,
the parents' cards on pcscd/vpcd, the sheets through the CUPS queue); at each kind of step (a
question, the members, the card's PIN, each review, confirm, result) both windows are resized
through 1920×1080, 1080×1920, 1366×768 and 1280×800: every label and keycap whole, the clerk's
input line, the table's current row and the key bar in view, the resident's confirm / PIN OK
button in view without scrolling (in normal and large text), no part over another
(``kiosk.ui.counter.window_fit``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.ui import fit, reference
from kiosk.ui.counter.autoplay import start_reference
from kiosk.ui.counter.clerk_parts import KeyBar
from kiosk.ui.counter.window_fit import (
    as_windows,
    counter_misfits,
    headers_cut,
    label_cut,
    overlaps,
    resident_misfits,
    whole,
)

CLERK = ("fit-clerk", "an invented passphrase 7")
STEPS = {"question", "members", "card-pin", "review", "confirm", "result"}


def test_both_windows_fit_every_size_at_every_step(qapp, tmp_path, pcsc, printer_queue):
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    ref = start_reference(config, printer=True, clerk=CLERK)
    as_windows(ref.counter)
    clerk, resident = ref.counter.clerk, ref.counter.resident
    problems: list[str] = []
    seen: list[str] = []
    sizes_seen: dict[str, set[tuple[int, int]]] = {}

    def check(step: str) -> None:
        seen.append(step)
        if step == "members":  # the last person typed: the table has gone on to a row for one more
            people = len(family["persons"])
            assert clerk.table.isVisible() and clerk.table.currentIndex().row() == people
            assert clerk.table.model().rowCount() == people + 1
        if step == "card-pin":
            assert resident.pin.isVisible()
        for (who, size), found in counter_misfits(ref.counter).items():
            problems.extend(f"{step} {who} {size[0]}x{size[1]}: {p}" for p in found)
        resident.large_button.setChecked(True)  # A11Y-04: the resident's window in large text too
        for (width, height), found in resident_misfits(resident).items():
            problems.extend(f"{step} resident large {width}x{height}: {p}" for p in found)
        resident.large_button.setChecked(False)
        for who, window in (("clerk", clerk), ("resident", resident)):
            sizes_seen.setdefault(who, set()).add((window.width(), window.height()))

    family = reference.household()
    try:
        play = ref.player(family, on_step=check)
        play.sign_in(*CLERK)
        played = play.play("ja")
    finally:
        ref.stop()
    kinds = {step.split("-")[0] if not step.startswith("card") else step for step in seen}
    assert kinds == STEPS, seen
    assert sum(step.startswith("review-") for step in seen) == len(played.sheets) > 5  # each form's review
    assert problems == []
    assert sizes_seen == {"clerk": {(1920, 1080)}, "resident": {(1920, 1080)}}  # given back their size


def test_the_check_sees_a_cut_label_a_keycap_wider_than_its_bar_a_cut_heading_and_parts_over_each_other(qtbot):
    """The check itself: what it must find, it finds."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    cut = QLabel("住民異動届　個人番号カード　国民健康保険　児童手当")
    cut.setFixedWidth(80)
    bar = KeyBar()
    bar.setFixedWidth(280)
    bar.setText("Ctrl+Shift+L+" + "X" * 60 + "：次へ")
    layout.addWidget(cut)
    layout.addWidget(bar)
    window.resize(300, 200)
    window.show()
    fit.settle()
    assert label_cut(cut) is not None
    assert any(p.startswith("KeyHint: text") for p in whole(window))  # a keycap cannot wrap: wider than the bar
    bar.setText("Enter：次へ")
    fit.settle()
    assert not any(p.startswith("KeyHint") for p in whole(window))
    cut.move(0, 0)
    bar.move(0, 5)  # no layout request in between: the check sees them where they are
    assert overlaps((cut, bar), window)
    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["項目", "続柄（世帯主との関係）"])
    table.horizontalHeader().setMinimumSectionSize(10)
    table.setColumnWidth(1, 40)
    found = headers_cut(table)
    assert len(found) == 1 and "column 2" in found[0]
    table.setColumnWidth(1, 400)
    assert headers_cut(table) == []
