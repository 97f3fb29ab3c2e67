"""The counter's resident window (issue #17), through the real window and the real controller:
the step line, the answer the clerk recorded shown as chosen before the next question, the form
for review as tables (a value still to be typed by the clerk shown as such, the signature marked
as written by hand on the sheet), the counters to visit with their waiting numbers, the confirm
button in view without scrolling at every size and text size in every shipped language, the
resident's language rather than the clerk's, and nothing left on screen once the session ends."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from counter_helpers import to_form, to_members, to_review
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CounterController
from kiosk.journey import Screen
from kiosk.sheets.slips import route_text
from kiosk.sheets.specimen import specimen_values
from kiosk.ui import fit
from kiosk.ui.counter.resident_pages import HANDWRITTEN, PENDING
from kiosk.ui.counter.resident_window import ResidentWindow
from kiosk.ui.widgets import RubyLabel

SIZES = ((1920, 1080), (1366, 768), (1280, 800), (1080, 1920))
ROUTE = [("shimin", 12), ("hoken_nenkin", 3)]


def t(key: str, lang: str = "ja", **params: object) -> str:
    return i18n.plain(i18n.text(key, lang, **params))


@pytest.fixture
def resident(qtbot, catalogue_port):
    controller = CounterController.create(catalogue_port)
    window = ResidentWindow(controller, municipality="みどり町")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    yield window
    window.hold.stop()


def shown_texts(window: ResidentWindow) -> list[str]:
    """Every text a resident can see on the window."""
    fit.settle()
    labels = [w.text() for w in window.findChildren(RubyLabel) if w.isVisibleTo(window)]
    labels += [w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
    return [text for text in labels if text.strip()]


def test_the_answer_the_clerk_recorded_is_shown_chosen_before_the_next_question(qtbot, resident):
    c = resident.controller
    c.start("ja")
    c.acknowledge_notice()
    fit.settle()
    q = c.journey.question()
    assert resident.step.text() == t("counter.resident_waiting_clerk")
    assert resident.questions.question.text() == i18n.plain(q.text["ja"])
    cards = [card.label.text() for card in resident.questions.cards]
    assert cards == [i18n.plain(o.label["ja"]) for o in q.options]  # numbered as the clerk's keys pick them
    assert [card.number.text() for card in resident.questions.cards] == [str(n) for n in range(1, len(cards) + 1)]
    assert resident.questions.chosen() == []

    c.answer(q.options[0].code)  # the clerk's key
    fit.settle()
    assert c.journey.question() is not q  # the controller is on the next question already
    assert resident.questions.question.text() == i18n.plain(q.text["ja"])  # the resident still sees this one
    assert resident.questions.chosen() == [cards[0]]
    assert resident.questions.cards[0].number.text() == "✓ 1"
    assert resident.questions.recorded.text() == "✓ " + t("counter.resident_recorded")

    following = c.journey.question()
    qtbot.waitUntil(lambda: resident.questions.question.text() == i18n.plain(following.text["ja"]), timeout=5000)
    assert resident.questions.chosen() == []
    assert resident.questions.recorded.text() == ""


def test_a_yes_no_answer_is_shown_chosen_too(qtbot, resident):
    c = resident.controller
    to_members(c)  # the household questions
    c.members_done()
    while c.journey.question() is not None and c.journey.question().kind != "yes_no":
        q = c.journey.question()
        c.answer(q.options[0].code if q.kind == "choice" else 1)
    assert c.journey.question().kind == "yes_no"
    qtbot.waitUntil(lambda: not resident.hold.isActive(), timeout=5000)
    c.answer(False)
    assert resident.questions.chosen() == [t("resident.no")]


def _table(window: ResidentWindow, name: str) -> list[list[str]]:
    table = window.review.household if name == "household" else window.review.persons
    return table.texts()


def test_review_tables_show_what_the_clerk_still_types_and_what_is_written_by_hand(qtbot, resident):
    c = resident.controller
    to_review(c)
    fit.settle()
    form = c.form()
    forms = c.journey.forms()
    assert resident.step.text() == t("counter.resident_step_review", form=form.title["ja"], n=1, total=len(forms))
    assert resident.review.title.text() == form.title["ja"]
    assert form.legal_basis and form.legal_basis in resident.review.legal.text()
    household = dict(row for row in _table(resident, "household"))
    labels = {ff.id: i18n.plain(ff.field.label["ja"]) for ff in form.fields}
    assert household[labels["address.new_katagaki"]] == t("counter.resident_by_clerk")  # the clerk has yet to type it
    assert household[labels["filer.signature"]] == t("counter.resident_handwritten")  # 署名: by hand on the sheet
    assert household[labels["move.kind"]] == "転入"
    pending = [w for w in resident.review.household.findChildren(RubyLabel) if w.objectName() == PENDING + "Text"]
    written = [w for w in resident.review.household.findChildren(RubyLabel) if w.objectName() == HANDWRITTEN + "Text"]
    assert pending and len(written) == 1

    persons = _table(resident, "persons")
    assert len(persons) == 1 + len(c.session.members)  # the heads, then one row per person
    heads = persons[0]
    assert heads[1:3] == [i18n.plain(form.persons.fields[0].field.label["ja"]),
                          i18n.plain(form.persons.fields[1].field.label["ja"])]
    assert [row[0] for row in persons[1:]] == ["1", "2", "3", "4"]
    assert all(row[heads.index("氏名")] == "山田　一郎" for row in persons[1:])
    assert resident.ok.isVisible() and resident.ok.text() == t("counter.confirm_form")

    katagaki = next(ff for ff in form.fields if ff.id == "address.new_katagaki")
    c.set_value(katagaki, None, "ハイツみどり101")  # the clerk types it: the resident sees it at once
    fit.settle()
    assert dict(row for row in _table(resident, "household"))[labels["address.new_katagaki"]] == "ハイツみどり101"

    c.journey.switch_language("ja-easy")  # the step line with the kiosk's furigana
    fit.settle()
    assert resident.step.has_ruby() and resident.step.text().startswith("確認してください")


def _in_view_everywhere(window: ResidentWindow, what: str) -> list[str]:
    misfits = []
    for width, height in SIZES:
        window.resize(width, height)
        fit.settle()
        hint = window.minimumSizeHint()
        if window.width() > width or window.height() > height or hint.width() > width or hint.height() > height:
            misfits.append(f"{what} {width}x{height}: window {window.width()}x{window.height()}, minimum {hint}")
        elif not window.ok.isVisible() or not fit._in_view(window.ok, window):  # noqa: SLF001
            misfits.append(f"{what} {width}x{height}: confirm button out of view")
    return misfits


def test_the_confirm_button_is_in_view_at_every_size_text_size_and_language(qtbot, resident):
    """A11Y-01, A11Y-04: the body scrolls, the confirm button (≥ the kiosk's primary size) does not."""
    c = resident.controller
    to_review(c)
    misfits: list[str] = []
    for large in (False, True):
        resident.large_button.setChecked(large)
        for lang in SHIPPED_LANGUAGES:
            c.journey.switch_language(lang)
            misfits += _in_view_everywhere(resident, f"review {lang} large={large}")
            assert resident.ok.height() >= resident.metrics.primary
    assert resident.page_scroll.verticalScrollBar().maximum() > 0  # the long form does scroll at 1080×1920 large
    assert misfits == []


def test_the_notice_and_the_question_fit_in_large_text(qtbot, resident):
    c = resident.controller
    c.start("ne")
    resident.large_button.setChecked(True)
    misfits = _in_view_everywhere(resident, "notice ne")
    c.acknowledge_notice()
    for width, height in SIZES:
        resident.resize(width, height)
        fit.settle()
        last = resident.questions.cards[-1]
        if resident.height() > height or not fit._in_view(last, resident):  # noqa: SLF001
            misfits.append(f"question ne {width}x{height}: last answer out of view")
    assert misfits == []


def test_texts_are_in_the_residents_language_not_the_clerks(qtbot, resident):
    c = resident.controller
    c.start("en")
    fit.settle()
    assert resident.step.text() == t("resident.notice_title", "en")
    assert resident.ok.text() == t("resident.notice_ok", "en")
    assert resident.large_button.text() == t("resident.large_text", "en")
    assert resident.town.text() == "みどり町"
    c.acknowledge_notice()
    fit.settle()
    q = c.journey.question()
    assert resident.questions.question.text() == q.text["en"]
    assert resident.step.text() == t("counter.resident_waiting_clerk", "en")
    japanese = {t("counter.resident_waiting_clerk"), i18n.plain(q.text["ja"])}
    assert not japanese & set(shown_texts(resident))

    c.journey.switch_language("ja-easy")  # やさしい日本語: the kiosk's furigana
    fit.settle()
    assert resident.questions.question.has_ruby()
    assert any(card.label.has_ruby() for card in resident.questions.cards)


def test_the_sheets_to_take_and_the_counters_to_visit(qtbot, resident, catalogue_port):
    c = resident.controller
    to_review(c)
    to_form(qtbot, SimpleNamespace(controller=c, resident=resident), c.journey.forms()[-1].id)
    form = c.form()
    qtbot.mouseClick(resident.ok, Qt.MouseButton.LeftButton)  # the resident confirms the last form
    if c.journey.screen is Screen.REVIEW:
        spec = specimen_values(form)
        for field_id, person, _message in c.state().problems:
            ff = next(f for f in (form.fields if person is None else form.persons.fields) if f.id == field_id)
            c.set_value(ff, person, (spec.household if person is None else spec.persons[0])[field_id])
        qtbot.mouseClick(resident.ok, Qt.MouseButton.LeftButton)
    assert c.journey.screen is Screen.CONFIRM
    c.confirm()
    fit.settle()
    assert resident.result.take.text() == t("counter.resident_take_sheets")
    assert resident.result.stop_texts() == []  # printing: no numbers yet
    resident.show_route(ROUTE)  # the sheets were received: their divisions' waiting numbers
    fit.settle()
    expected = route_text(ROUTE, catalogue_port.catalogue.counters, "ja")
    assert resident.result.route_title.text() == expected.title
    assert resident.result.stop_texts() == [f"{n}  {text}" for n, text in expected.lines]
    assert "受付番号 12" in resident.result.stop_texts()[0]


def test_nothing_of_the_resident_stays_on_screen_after_the_session(qtbot, resident):
    """PRIV-08: the tables, the answers and the route are gone with the session."""
    c = resident.controller
    to_review(c)
    resident.large_button.setChecked(True)
    resident.show_route(ROUTE)
    assert any("山田" in text for text in shown_texts(resident))
    c.finish()
    texts = shown_texts(resident)
    assert not any("山田" in text or "転入" in text for text in texts), texts
    assert resident.review.household.texts() == [] and resident.review.persons.texts() == []
    assert resident.questions.cards == [] and resident.route == []
    assert not resident.large_button.isChecked()  # the next resident starts with the standard look
    assert resident.heading.text() == t("counter.resident_waiting_clerk")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_resident_follows_the_household_as_the_clerk_types_it(qtbot, resident, lang):
    """The members step is the longest the clerk types: the resident sees each person's row fill
    in, in their language (a card holder's cells say the card gives them), so a wrong birth date
    or name is caught before the forms; the table is gone once the session ends (PRIV-08)."""
    from kiosk.counter.typed_dates import typed_date

    c = resident.controller
    to_members(c)
    c.session.set_language(lang)
    c.set_member_source(0, "card")
    c.set_member_value(2, "person.birth_date", typed_date("20210920"))
    c.set_member_value(2, "person.sex", "2")
    c.set_name(2, "花", "はな")
    qtbot.waitUntil(lambda: not resident.hold.isActive(), timeout=5000)
    c.set_member_value(3, "person.sex", "1")  # a change redraws the table
    fit.settle()
    assert resident.members.isVisible()
    rows = resident.members.texts()
    assert len(rows) == 1 + len(c.session.members)  # heads, then one row per person
    fields = c.journey.catalogue.catalogue.fields
    assert rows[0][1:] == [i18n.plain(fields[f].label[lang]) for f in
                           ("person.name", "person.name_kana", "person.birth_date", "person.sex")]
    assert rows[1][1:] == [t("counter.resident_by_card", lang), "", "", ""]  # said once
    born = fields["person.birth_date"].kind.display(fields["person.birth_date"], typed_date("20210920"), lang)
    female = fields["person.sex"].kind.display(fields["person.sex"], "female", lang)
    male = fields["person.sex"].kind.display(fields["person.sex"], "male", lang)
    assert rows[3][1:] == ["花", "ハナ", born, female] and female not in ("", "2")
    assert rows[4][1:] == [t("counter.resident_by_clerk", lang)] * 3 + [male]  # the rest not typed yet
    assert c.add_person()  # a row opened for one more, nothing in it yet: not shown
    fit.settle()
    assert len(resident.members.texts()) == len(rows)
    c.finish()
    fit.settle()
    assert not resident.members.isVisible() and resident.members.texts() == []
