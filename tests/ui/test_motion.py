"""A11Y-16: nothing on the resident's screens flashes more than 3 times a second, and with
``animations = false`` nothing moves by itself: the busy bars (card read, sheets being laid out)
stand still and a flicked page does not glide on. Real widgets under Qt offscreen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QProgressBar, QScroller, QScrollerProperties

from kiosk.config import from_mapping
from kiosk.next_screen import Screen
from kiosk.ui.widgets import show_busy

from .helpers import host


def _moves(qtbot: Any, animations: bool, style: str) -> bool:
    """Whether a busy bar, shown in the kiosk's style, draws differently a moment later."""
    bar = QProgressBar()
    bar.setTextVisible(False)
    show_busy(bar, animations=animations)
    holder = host(qtbot, bar)
    holder.setStyleSheet(style)
    holder.resize(400, 80)
    qtbot.wait(100)
    first = bar.grab().toImage()
    qtbot.wait(500)
    return first != bar.grab().toImage()


@pytest.mark.parametrize("animations", [True, False], ids=["animations-on", "animations-off"])
def test_a11y16_busy_bars_and_flicks_move_by_themselves_only_with_animations_on(
        qtbot: Any, kiosk_window: Any, animations: bool) -> None:
    """A11Y-16: animations can be turned off."""
    window = kiosk_window(from_mapping({"kiosk": {"animations": animations}}))
    assert _moves(qtbot, animations, window.styleSheet()) is animations
    card = window.screen_for(Screen.CARD)
    result = window.screen_for(Screen.RESULT)
    result.state = "rendering"
    result._render_state()
    for bar in (card.busy, result.progress):  # the card read's and the sheets' busy bars
        assert (bar.minimum() == bar.maximum() == 0) is animations
        if not animations:
            assert 0 < bar.value() < bar.maximum()  # still says "under way"
    velocity = QScroller.scroller(card.page_body.viewport()).scrollerProperties().scrollMetric(
        QScrollerProperties.ScrollMetric.MaximumVelocity)
    assert (velocity > 0) is animations


def test_a11y16_the_text_cursor_blinks_at_most_3_times_a_second(qapp: Any) -> None:
    """A11Y-16: flashing content ≤ 3 flashes/s (the only blinking: a field's text cursor)."""
    period_ms = QApplication.cursorFlashTime()  # one on-and-off; 0 or less: no blinking
    assert period_ms <= 0 or 1000 / period_ms <= 3
