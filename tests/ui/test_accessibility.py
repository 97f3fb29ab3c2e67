"""Accessibility of the resident screens: contrast (A11Y-02), touch targets (A11Y-01), text size
(A11Y-04), accessible names (A11Y-15), large text and high contrast from every screen, furigana."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.ui import theme


@pytest.mark.parametrize("name", ["normal", "high_contrast"])
def test_a11y02_text_contrast_at_least_4_5_in_every_theme(name):
    pal = theme.palette(name)
    failures = [(fg, bg, round(theme.contrast(pal[fg], pal[bg]), 2))
                for fg, bg in theme.themes()["pairs"] if theme.contrast(pal[fg], pal[bg]) < 4.5]
    assert failures == []


def test_a11y02_high_contrast_text_at_least_7_to_1():
    """WCAG 1.4.6: the high-contrast theme's every text pair stands out at least 7:1 (the counter's
    fit check measures the same on the resident's window as painted)."""
    from kiosk import contrast

    pal = theme.palette("high_contrast")
    failures = [(fg, bg, round(contrast.ratio(pal[fg], pal[bg]), 2)) for fg, bg in theme.themes()["pairs"]
                if contrast.ratio(pal[fg], pal[bg]) < contrast.ENHANCED_TEXT_MIN]
    assert failures == []


@pytest.mark.parametrize("name", ["normal", "high_contrast"])
def test_a11y02_components_and_focus_ring_at_least_3_to_1(name):
    pal = theme.palette(name)
    failures = [(a, b) for a, b in theme.themes()["ui_pairs"] if theme.contrast(pal[a], pal[b]) < 3.0]
    assert failures == []


@pytest.mark.parametrize("name", ["normal", "high_contrast"])
def test_a11y02_focus_ring_stands_out_from_every_fill_and_background(name):
    """WCAG 1.4.11 / 2.4.11: the ring ≥ 3:1 against each background a control sits on and each
    fill a focused control can have (a dark button takes its focus fill while focused)."""
    from kiosk import contrast

    pal = theme.palette(name)
    pairs = theme.themes()["focus_pairs"]
    assert {b for _, b in pairs} >= {"background", "surface", "secondary", "focus_fill_primary", "focus_fill_selected"}
    failures = [(a, b, round(contrast.ratio(pal[a], pal[b]), 2)) for a, b in pairs
                if contrast.ratio(pal[a], pal[b]) < contrast.UI_MIN]
    assert failures == []


def test_wcag_contrast_of_known_colours():
    from kiosk import contrast

    assert round(contrast.ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast.ratio("#777777", "#777777") == 1.0
    assert round(contrast.ratio("#0A4D8C", "#C2410C"), 2) == 1.65  # the ring that vanished on a blue button
    assert round(contrast.ratio((255, 229, 0), "#00E5FF"), 2) == 1.21  # and in high contrast
    with pytest.raises(ValueError):
        contrast.rgb("#FFF")


def test_a11y04_default_text_capital_height_at_least_4_8_mm_and_large_7_3_mm():
    for dpi in (96.0, 102.0, 160.0):
        m = theme.Metrics(dpi)
        cap_mm = m.font_px * theme.CAP_HEIGHT_RATIO * 25.4 / dpi
        assert cap_mm >= 4.8
        big = theme.Metrics(dpi, large_text=True)
        assert big.font_px * theme.CAP_HEIGHT_RATIO * 25.4 / dpi >= 7.3


def _buttons(widget):
    return [b for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]


def _mm(px: int, dpi: float) -> float:
    return px * 25.4 / dpi


def test_a11y01_touch_targets_from_physical_dpi(window, qtbot):
    """Every visible button ≥ 11.6 mm both ways; primary buttons ≥ 15 mm (at the window's DPI)."""
    window.journey.choose_language("ja")
    qtbot.wait(20)
    for screen in (window.screens[s] for s in window.screens):
        window.stack.setCurrentWidget(screen)
        qtbot.wait(5)
    too_small = []
    for root in (window.top, window.current_screen(), window.screens[window.journey.screen.LANGUAGE]):
        for b in _buttons(root):
            b.ensurePolished()
            h, w = _mm(b.sizeHint().height(), window.dpi), _mm(b.sizeHint().width(), window.dpi)
            need = 15.0 if b.property("primary") else 11.6
            if h < need or w < need:
                too_small.append((b.accessibleName(), round(h, 1), round(w, 1)))
    assert too_small == []


def test_a11y01_pin_keys_at_least_15_mm(window, qtbot):
    from kiosk.ui.keypads import PinPad

    pad = PinPad("ja")
    qtbot.addWidget(pad)
    pad.setStyleSheet(window.styleSheet())
    pad.show()
    for key in pad.keys.values():
        key.ensurePolished()
        assert _mm(key.sizeHint().height(), window.dpi) >= 15.0
        assert _mm(key.sizeHint().width(), window.dpi) >= 15.0


def test_a11y15_every_control_has_an_accessible_name(window, qtbot):
    window.journey.choose_language("en")
    qtbot.wait(10)
    unnamed = [b.objectName() or b.text() for root in (window.top, window.current_screen())
               for b in _buttons(root) if not b.accessibleName().strip()]
    assert unnamed == []


def test_large_text_and_high_contrast_reachable_from_every_screen(window, qtbot):
    """One tap from the top bar, which every screen shows (A11Y-04)."""
    window.journey.choose_language("ja")
    qtbot.wait(10)
    before = window.metrics_px.font_px
    qtbot.mouseClick(window.large_button, Qt.MouseButton.LeftButton)
    assert window.metrics_px.font_px > before
    qtbot.mouseClick(window.contrast_button, Qt.MouseButton.LeftButton)
    assert window.theme_name == "high_contrast"
    assert window.large_button.isVisible() and window.contrast_button.isVisible() and window.staff_button.isVisible()


def test_furigana_are_drawn_above_the_kanji(qtbot):
    """やさしい日本語: ruby text painted (Qt rich text has no ruby); the widget grows a ruby line."""
    from kiosk.ui.widgets import RubyLabel

    plain = RubyLabel("書類を つくります")
    ruby = RubyLabel("{書類|しょるい}を つくります")
    for w in (plain, ruby):
        qtbot.addWidget(w)
        w.resize(600, 100)
    assert ruby.heightForWidth(600) > plain.heightForWidth(600)
    assert ruby.text() == "書類を つくります"
    assert ruby.accessibleName() == "書類を つくります"
    image = ruby.grab().toImage()
    assert not image.isNull()
