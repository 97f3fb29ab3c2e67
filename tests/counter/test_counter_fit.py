"""The counter's two windows fit every screen size they will meet (issue #17, A11Y-02, A11Y-04,
A11Y-10, ML): the reference family is played through the counter once (the clerk's keys, the
resident's taps, the parents' cards on pcscd/vpcd, the sheets through the CUPS queue); at each kind
of step (the clerk's sign-in page, empty and with the lock message, the language step, the 利用目的
notice also in every shipped language, a question, a date question's days, the members (also with a
foreign household's long names and the widest relationship on every row), the card
waiting, checking it, a card whose PIN is locked (the resident's window also in every shipped
language), a card whose data cannot be read, the card taken off while its PIN is typed (the
resident's window also in every shipped language), a wrong PIN with tries left, a second one and the
last try (also in every shipped language; the pad beside the text on a landscape laptop screen),
the PIN, reading, take the card, each review, confirm, result) both windows are resized through 1920×1080, 1080×1920,
1366×768 and 1280×800: every label and keycap whole, the sign-in fields and button, the clerk's
input line, the table's current row, every column of the tables and the key bar in view, the resident's confirm / PIN OK
button and the page's text in view without scrolling (in normal and large text, and in high
contrast, where every text stands out at least 7:1 from what is painted behind it), no part over
another (``kiosk.ui.counter.window_fit``, ``kiosk.ui.counter.fit_run``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from kiosk import contrast, i18n
from kiosk.config import SHIPPED_LANGUAGES, Config
from kiosk.ui import fit, reference
from kiosk.ui.counter.clerk_parts import KeyBar
from kiosk.ui.counter.fit_run import FitRun
from kiosk.ui.counter.reference_counter import start_reference
from kiosk.ui.counter.window_fit import as_windows, dim_texts, headers_cut
from kiosk.ui.fit_checks import label_cut, overlaps, whole

CLERK = ("fit-clerk", "an invented passphrase 7")
STEPS = {"sign-in", "sign-in-locked", "language", "notice", "question", "members", "card-place", "card-checking",
         "card-blocked", "card-failed", "card-removed", "card-wrong-pin", "card-last-try", "card-pin", "card-reading",
         "card-take", "review", "confirm", "result"}


def test_both_windows_fit_every_size_at_every_step(qapp, tmp_path, pcsc, printer_queue):
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    ref = start_reference(config, printer=True, clerk=CLERK)
    as_windows(ref.counter)
    clerk, resident = ref.counter.clerk, ref.counter.resident
    run = FitRun(ref)
    sizes_seen: dict[str, set[tuple[int, int]]] = {}
    pad_beside: dict[tuple[int, int], bool] = {}
    family = reference.household()

    def check(step: str) -> None:
        if step == "members":  # the last person typed: the table has gone on to a row for one more
            people = len(family["persons"])
            assert clerk.table.isVisible() and clerk.table.currentIndex().row() == people
            assert clerk.table.model().rowCount() == people + 1
        if step == "card-pin":
            assert resident.pin.isVisible()
        if step == "card-last-try":  # the pad beside the text on a landscape laptop screen, under it in portrait
            pad_beside.update(pad_places(resident))
        run.check(step)
        for who, window in (("clerk", clerk), ("resident", resident)):
            sizes_seen.setdefault(who, set()).add((window.width(), window.height()))

    try:
        play = run.player(family, on_step=check)
        run.sign_in(play, *CLERK)
        played = play.play("ja")
    finally:
        ref.stop()
    others = [lang for lang in SHIPPED_LANGUAGES if lang != "ja"]
    kinds = {step if step.startswith(("card", "sign")) else step.split("-")[0] for step in run.steps
             if not step.endswith(tuple(f"-{lang}" for lang in others))}
    assert kinds == STEPS, run.steps
    assert {step for step in run.steps if step.startswith("notice-")} == {f"notice-{lang}" for lang in others}
    assert "members-long-names" in run.steps  # the table with a foreign household's long names
    # ...and on every row the relationship whose label is the widest (その他の親族)
    assert run.relationships == ["その他の親族"] * (len(family["persons"]) + 1)
    assert {step: run.texts[step] for step in run.steps
            if step.startswith(("card-blocked-", "card-removed-", "card-last-try-"))} == {
        **{f"card-blocked-{lang}": i18n.plain(i18n.text("resident.card_blocked", lang)) for lang in others},
        **{f"card-removed-{lang}": i18n.plain(i18n.text("resident.card_removed", lang)) for lang in others},
        **{f"card-last-try-{lang}": i18n.plain(i18n.text("resident.card_pin", lang)
                                               + i18n.text("resident.card_last_try", lang, n=1)) for lang in others}}
    assert pad_beside == {(1366, 768): True, (1280, 800): True, (1920, 1080): False, (1080, 1920): False}
    assert sum(step.startswith("review-") for step in run.steps) == len(played.sheets) > 5  # each form's review
    assert run.messages["sign-in-locked"] == i18n.plain(i18n.text("clerk.account_locked", "ja"))
    stages = ("card-place", "card-checking", "card-blocked", "card-failed", "card-removed", "card-wrong-pin",
              "card-last-try", "card-reading", "card-take")
    texts = {step: run.texts[step] for step in stages}
    assert texts == {"card-place": i18n.text("resident.card_place", "ja"),
                     "card-checking": i18n.text("resident.card_checking", "ja"),
                     "card-blocked": i18n.text("resident.card_blocked", "ja"),
                     "card-failed": i18n.text("resident.card_failed", "ja"),
                     "card-removed": i18n.text("resident.card_removed", "ja"),
                     "card-wrong-pin": i18n.text("resident.card_pin", "ja") + i18n.text("resident.card_tries_left", "ja",
                                                                                       n=2),
                     "card-last-try": i18n.text("resident.card_pin", "ja") + i18n.text("resident.card_last_try", "ja", n=1),
                     "card-reading": i18n.text("resident.card_reading", "ja"),
                     "card-take": i18n.text("resident.card_take", "ja")}
    # the clerk is told the card cannot be used, and the key that goes on by hand (F8)
    assert run.prompts["card-blocked"] == "1: " + i18n.plain(i18n.text("counter.card_stage_blocked", "ja"))
    assert run.prompts["card-failed"] == "1: " + i18n.plain(i18n.text("counter.card_stage_failed", "ja"))
    # a card taken off while its PIN was typed: nothing lost, put it back (SEC-06), to both
    assert run.prompts["card-removed"] == "1: " + i18n.plain(i18n.text("counter.card_stage_removed", "ja"))
    assert run.problems() == []
    assert sizes_seen == {"clerk": {(1920, 1080)}, "resident": {(1920, 1080)}}  # given back their size


def pad_places(resident) -> dict[tuple[int, int], bool]:
    """At each size: is the PIN pad beside the page's text (True) or under it (False)?"""
    places = {}
    before = resident.size()
    for size in fit.SIZES:
        resident.resize(*size)
        fit.settle()
        text, pad = fit.rect_in(resident.body, resident), fit.rect_in(resident.pin, resident)
        assert pad.left() >= text.right() or pad.top() >= text.bottom(), size  # never over the text
        places[size] = pad.left() >= text.right()
    resident.resize(before)
    fit.settle()
    return places


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


def test_the_contrast_check_finds_a_text_that_does_not_stand_out_7_to_1_in_high_contrast(counter):
    """The high-contrast check itself, on the resident's window: a heading drawn in grey on the
    theme's black is found (named by its widget, not its text); the theme's own colours pass."""
    resident = counter.resident
    resident.resize(1366, 768)
    resident.show()
    resident.contrast_button.setChecked(True)
    resident.heading.setText("住民異動届")
    resident.heading.show()
    fit.settle()
    assert dim_texts(resident, contrast.ENHANCED_TEXT_MIN) == []
    resident.heading.setStyleSheet("color: #707070;")  # 4.2:1 on black
    fit.settle()
    found = dim_texts(resident, contrast.ENHANCED_TEXT_MIN)
    assert len(found) == 1 and found[0].startswith("Question (RubyLabel) #707070 on #000000")
    assert "住民異動届" not in found[0]
