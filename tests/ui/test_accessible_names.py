"""A11Y-15: every control on every screen of the reference journey, in every shipped language and
both themes, has an accessible name and description as a screen reader reads them through
QAccessible, taken from the message keys and never from the resident's data. ML-01: the first
screen's top bar and the town's name in the configured languages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES, Config, Municipality, load
from kiosk.errors import ConfigError
from kiosk.journey import Screen
from kiosk.ui import access, reference
from kiosk.ui.widgets import RubyLabel

from .helpers import reference_player


def _canaries(setup) -> list[str]:
    return [c.persona.name for c in setup.cards] + list(reference.CHILD_NAMES)


@pytest.mark.parametrize("theme_name", ["normal", "high_contrast"])  # one journey per language each
def test_a11y15_a11y01_every_screen_in_every_language_and_theme(kiosk_setup, tmp_path, theme_name):
    window = kiosk_setup.kiosk.window
    problems: list[str] = []
    leaked: list[str] = []
    seen: set[str] = set()
    crowded: list[str] = []
    small_ruby: list[str] = []
    canaries = _canaries(kiosk_setup)

    for lang in SHIPPED_LANGUAGES:
        def walk(screen: str, lang: str = lang, theme_name: str = theme_name) -> None:
            assert window.theme_name == theme_name
            roots = (window.top, window.warning, window.current_screen())
            seen.add(screen)
            for problem in access.nameless(roots, window):
                problems.append(f"{theme_name}/{lang}/{screen}: {problem}")
            small_ruby.extend(f"{theme_name}/{lang}/{screen}: {label.objectName() or '?'} {label.ruby_px()} px"
                              for label in window.findChildren(RubyLabel)
                              if label.isVisibleTo(window) and label.has_ruby() and label.ruby_px() < 12)
            crowded.extend(f"{screen}: {c}" for c in access.crowded(roots, window, window.dpi, 2.0))
            for control in access.controls(roots, window):
                said = " ".join(access.spoken(control))
                leaked.extend(f"{lang}/{screen}: {c}" for c in canaries if c in said)

        if theme_name == "high_contrast":
            window.contrast_button.setChecked(True)  # each session ends in the normal theme
            QApplication.processEvents()
        played = reference.play(kiosk_setup, lang, None, on_screen=walk)
        assert played.record is not None and played.record.ending == "completed"
    assert sorted(set(p.split(": ", 1)[1] for p in problems))[:40] == []
    assert problems == []
    assert sorted(set(crowded))[:60] == []  # A11Y-01: ≥ 2 mm between neighbouring targets
    assert small_ruby == []  # furigana ≥ 12 px
    assert leaked == []
    assert {"language", "notice", "members", "card", "review", "confirm", "result"} <= {
        s.split("-")[0] for s in seen}


def test_a11y15_descriptions_follow_the_language(window, qtbot):
    window.journey.choose_language("en")
    qtbot.wait(10)
    en = access.spoken(window.staff_button)
    window.journey.switch_language("ko")
    qtbot.wait(10)
    ko = access.spoken(window.staff_button)
    assert en == (i18n.plain(i18n.text("resident.call_staff", "en")), i18n.text("a11y.button", "en"))
    assert ko == (i18n.plain(i18n.text("resident.call_staff", "ko")), i18n.text("a11y.button", "ko"))
    assert access.nameless((window.top, window.current_screen()), window) == []


def test_ml01_first_screen_top_bar_and_language_buttons_speak_the_first_languages(window):
    assert window.journey.screen is Screen.LANGUAGE
    first = window.config.kiosk.languages[:3]
    for b, key in ((window.large_button, "resident.large_text"), (window.contrast_button, "resident.high_contrast"),
                   (window.staff_button, "resident.call_staff")):
        for lang in first:
            assert i18n.plain(i18n.text(key, lang)) in b.text()
            assert i18n.plain(i18n.text(key, lang)) in access.spoken(b)[0]
    screen = window.current_screen()
    for lang, b in screen.buttons.items():
        note = ("", *([" " + i18n.plain(i18n.text("speech.no_voice_note", lang))] if lang in screen.notes else []))
        assert access.spoken(b) == (i18n.plain(i18n.text("resident.autonym", lang)),
                                    i18n.plain(i18n.text("a11y.language", lang)) + note[-1])
    window.journey.choose_language("en")  # after the choice, the bar speaks one language
    assert window.large_button.text() == "Large text"


def test_town_name_per_language_from_the_configuration(tmp_path, qtbot):
    from kiosk.ui.window import KioskWindow

    path = tmp_path / "kiosk.toml"
    path.write_text('[municipality]\nname = "みどり町"\ncode = 999991\n'
                    '[municipality.names]\nen = "Midori Town"\nko = "미도리 마을"\n', encoding="utf-8")
    config = load(path)
    assert config.municipality.name_in("en") == "Midori Town"
    assert config.municipality.name_in("vi") == "みどり町"  # not configured: the Japanese name
    w = KioskWindow(config, dpi=96.0)
    w.staff_exit_allowed = True
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    town = w.current_screen().town.text()
    assert "みどり町" in town and "Midori Town" in town and "미도리 마을" in town
    w.journey.choose_language("en")
    assert "Midori Town" in w.current_screen().text.text()  # the notice names the town in English
    w.timer.stop()


def test_town_names_must_be_shipped_languages(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[municipality.names]\nxx = "Nowhere"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="municipality.names"):
        load(path)
    assert replace(Config().municipality, names={"en": "Midori"}).name_in("ja") == Municipality().name


@pytest.mark.parametrize("theme_name", ["normal", "high_contrast"])
def test_review_shows_its_rows_again_after_call_staff_and_back(kiosk_setup, theme_name):
    """In either theme, 係員を呼ぶ → 戻る on the review screen brings back the rows, not a blank page."""
    from PySide6.QtWidgets import QPushButton

    window = kiosk_setup.kiosk.window
    player = reference_player(kiosk_setup, "ja")
    if theme_name == "high_contrast":
        player.click(window.contrast_button)
    player.play_to_confirm(stop_at_review=True)
    assert window.journey.screen is Screen.REVIEW and window.theme_name == theme_name
    for _ in range(2):
        player.click(window.staff_button)
        player.click(player.find("staff-back"))
        player.pump(0.1)
        review = window.current_screen()
        assert window.stack.currentWidget() is review and review.isVisible()
        assert review.stack.currentWidget() is review.scroll_area
        viewport = review.scroll_area.viewport()
        rows = [b for b in review.findChildren(QPushButton) if b.objectName().startswith("edit-")
                and b.isVisibleTo(window) and not b.visibleRegion().isEmpty()]
        assert len(rows) >= 3
        image = viewport.grab().toImage()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 4  # text and row frames drawn, not one flat colour


def test_furigana_never_below_12_px(qtbot):
    small = RubyLabel("{書類|しょるい}")
    qtbot.addWidget(small)
    font = small.font()
    font.setPixelSize(15)  # the "Small" text size at 92.6 dpi (1920×1080 on a 23.8-inch panel)
    small.setFont(font)
    assert small.has_ruby() and small.ruby_px() >= 12


def test_top_bar_keeps_its_furigana_in_easy_japanese(window, qtbot):
    """やさしい日本語: the top-bar buttons show their furigana (A11Y-14); names stay plain text."""
    window.journey.choose_language("ja-easy")
    qtbot.wait(10)
    b = window.staff_button
    assert i18n.RUBY.search(i18n.text("resident.call_staff", "ja-easy"))
    assert b.ruby is not None and b.ruby.isVisible() and b.ruby.has_ruby()
    assert b.text() == "" and access.spoken(b)[0] == i18n.plain(i18n.text("resident.call_staff", "ja-easy"))
    assert b.width() >= b.ruby.natural_width()  # the whole label fits on the button
    qtbot.mouseClick(window.large_button, Qt.MouseButton.LeftButton)  # checked: text on the selected colour
    assert window.large_button.ruby.objectName() == "OnSelected"
    window.journey.switch_language("en")
    qtbot.wait(10)
    assert b.text() == "Call staff" and not b.ruby.isVisibleTo(b)
