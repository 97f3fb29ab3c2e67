"""Focus that never gets lost, focus rings and text that can be seen, and screens that come back
after 係員を呼ぶ → 戻る, on every screen of the reference journey in both themes (A11Y-02,
A11Y-10; WCAG 1.4.3, 1.4.11, 2.4.11). Measured from what Qt painted, under script/with-services
(pcscd + vpcd for the cards, cups-pdf for the sheets)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import contrast
from kiosk.ui import audit, reference

from .helpers import reference_player

MAX_STEPS = 5  # key presses from a screen's initial focus to each of its primary actions


def _play(setup, theme_name: str, on_screen, *, large: bool = False, lang: str = "ja") -> None:
    window = setup.kiosk.window
    if theme_name == "high_contrast":
        window.contrast_button.setChecked(True)  # each session ends in the normal theme
    if large:
        window.large_button.setChecked(True)
    QApplication.processEvents()
    played = reference.play(setup, lang, None, on_screen=on_screen)
    assert played.record is not None and played.record.ending == "completed"


def _overlay_round_trip(window, screen: str) -> list[str]:
    """Open 係員を呼ぶ, go back; the screen's title and primary button must be painted again."""
    before = window.current_screen()
    window.call_staff()
    QApplication.processEvents()
    panel = window.current_screen()
    assert panel is not before and audit.painted(panel.back)
    panel.back.click()
    for _ in range(5):
        QApplication.processEvents()
    problems: list[str] = []
    current = window.current_screen()
    if current is not before or window.stack.currentWidget() is not before or not before.isVisible():
        problems.append(f"{screen}: not back on the screen")
        return problems
    title = before.title
    if title.text() and not audit.painted(title):
        problems.append(f"{screen}: title blank")
    for action in before.primary_actions():
        if action.isVisible() and not audit.painted(action):
            problems.append(f"{screen}: {audit.name_of(action)} blank")
    if not audit.painted(before):
        problems.append(f"{screen}: screen blank")
    return problems


@pytest.mark.parametrize("theme_name", ["normal", "high_contrast"])
def test_a11y10_a11y02_every_screen_focus_steps_rings_and_text(kiosk_setup, theme_name):
    """On every screen of the reference journey: each primary action ≤ 5 key presses from where
    the focus lands; no Tab stop that cannot be seen or used; after a card is read the focus is
    not on "enter by hand"; every text ≥ 4.5:1 against what is painted behind it (≥ 7:1 in the
    high-contrast theme, WCAG 1.4.6); the focus ring ≥ 3:1 against the control and against its
    surroundings."""
    window = kiosk_setup.kiosk.window
    surveys: list[audit.Survey] = []
    wrong_focus: list[str] = []

    def on_screen(screen: str) -> None:
        focused = QApplication.focusWidget()
        if screen.startswith("card-take") and focused is not None and focused.objectName() == "card-manual":
            wrong_focus.append(screen)
        if not screen.startswith(("card-place", "card-take")) and focused is None:
            wrong_focus.append(f"{screen}: no focus")
        surveys.append(audit.survey(window, screen))

    _play(kiosk_setup, theme_name, on_screen)
    assert {"language", "notice", "members", "card-pin-p1", "confirm", "result"} <= {s.screen for s in surveys}
    assert wrong_focus == []
    far = [(s.screen, s.steps) for s in surveys if s.max_steps() is None or (s.max_steps() or 0) > MAX_STEPS]
    assert far == []
    assert [(s.screen, s.invisible) for s in surveys if s.invisible] == []
    least = contrast.ENHANCED_TEXT_MIN if theme_name == "high_contrast" else contrast.TEXT_MIN
    dim = [(s.screen, m.where, round(m.ratio, 2)) for s in surveys for m in s.texts or [] if m.ratio < least]
    assert dim == []
    rings = [(s.screen, m.where, round(m.ratio, 2)) for s in surveys for pair in s.rings or [] for m in pair
             if m.ratio < contrast.UI_MIN]
    assert rings == []
    assert sum(len(s.rings or []) for s in surveys) > 50  # rings were measured, on every kind of control
    assert any("PinPad" in m.where for s in surveys for pair in s.rings or [] for m in pair)


@pytest.mark.parametrize(("theme_name", "large"), [("normal", False), ("high_contrast", False),
                                                   ("high_contrast", True)])
def test_every_screen_comes_back_painted_after_call_staff_and_back(kiosk_setup, theme_name, large):
    """係員を呼ぶ → 戻る on every screen, in both themes and with large text: the screen is back
    and its title and primary button are painted (not one flat background colour)."""
    window = kiosk_setup.kiosk.window
    problems: list[str] = []
    seen: list[str] = []

    def on_screen(screen: str) -> None:
        seen.append(screen)
        problems.extend(_overlay_round_trip(window, screen))

    _play(kiosk_setup, theme_name, on_screen, large=large)
    assert any(s.startswith("review") for s in seen) and "confirm" in seen
    assert problems == []


def test_a11y14_easy_japanese_keeps_furigana_on_person_headers_and_form_titles(kiosk_setup):
    """やさしい日本語: "1人目" on the members, question and review screens and each form's title
    on the review screen carry their furigana (drawn as ruby, ≥ 12 px), and the text drawn is
    the plain text without markup."""
    from kiosk import i18n
    from kiosk.ui.widgets import RUBY_MIN_PX, RubyLabel

    window = kiosk_setup.kiosk.window
    heads: dict[str, list[tuple[str, bool, int]]] = {}  # screen → (text, has ruby, ruby px)
    titles: dict[str, bool] = {}

    def on_screen(screen: str) -> None:
        current = window.current_screen()
        heads[screen] = [(w.text(), w.has_ruby(), w.ruby_px()) for w in current.findChildren(RubyLabel)
                         if w.isVisibleTo(window) and "人目" in w.text()]
        titles[screen] = current.title.has_ruby()

    _play(kiosk_setup, "normal", on_screen, lang="ja-easy")
    person_question = next(s for s in heads if s.startswith("question-") and s.endswith("-p1"))
    reviews = [s for s in heads if s.startswith("review-")]
    assert heads["members"] and heads[person_question] and reviews
    assert any(heads[s] for s in reviews)  # forms with persons head each one "1人目"
    for screen in ["members", person_question, *reviews]:
        for text, has_ruby, px in heads[screen]:
            assert has_ruby and px >= RUBY_MIN_PX, screen
            assert "{" not in text and "|" not in text
    assert all(titles[s] for s in reviews)  # every form title in easy Japanese has kanji with readings
    easy = i18n.plain(i18n.text("resident.member_n", "ja-easy", n=1))
    assert any(easy in text for text, _, _ in heads["members"])


@pytest.mark.parametrize("theme_name", ["normal", "high_contrast"])
def test_a11y10_editor_takes_the_focus_and_gives_it_back(kiosk_setup, theme_name):
    """On the review screen: opening an editor puts the focus in it (a key of the pad, or the
    chosen option), its OK within 5 key presses and every key's ring ≥ 3:1; cancelling puts the
    focus back on the row left; accepting a value moves it on (next row to fill, else 確認)."""
    from kiosk.journey import Screen
    window = kiosk_setup.kiosk.window
    player = reference_player(kiosk_setup, "ja")
    if theme_name == "high_contrast":
        player.click(window.contrast_button)
    player.play_to_confirm(stop_at_review=True)
    assert window.journey.screen is Screen.REVIEW
    review = window.current_screen()
    player.wait(lambda: review.page is not None and review.page.complete, "review rows")
    assert QApplication.focusWidget() is review.next  # arriving: 確認

    text_row = next(b for b in review.page.findChildren(type(review.next)) if b.objectName() == "edit-h-address.new")
    player.click(text_row)
    editor = review.editor
    focused = QApplication.focusWidget()
    assert focused is not None and editor.isAncestorOf(focused) and focused.property("char") is not None
    survey = audit.survey(window, "editor")
    assert survey.max_steps() is not None and survey.max_steps() <= MAX_STEPS, survey.steps
    assert survey.invisible == []
    low = [m for pair in survey.rings or [] for m in pair if m.ratio < contrast.UI_MIN]
    assert low == [] and len(survey.rings or []) > 40  # every key of the kana pad was ringed
    assert min(m.ratio for m in survey.texts or []) >= contrast.TEXT_MIN
    player.click(editor.pad.cancel)
    assert QApplication.focusWidget() is text_row  # back where the resident left

    choice_row = next(b for b in review.page.findChildren(type(review.next)) if b.objectName() == "edit-h-move.kind")
    player.click(choice_row)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName().startswith("option-") and focused.property("selected")
    player.click(focused)  # the same answer again
    assert window.journey.screen is Screen.REVIEW
    assert QApplication.focusWidget() is text_row  # the next row still to fill: the new address
    player._fill_manual(window.journey.current_form(), review)  # what the resident types on this form
    assert QApplication.focusWidget() is review.next  # nothing left to fill: 確認

