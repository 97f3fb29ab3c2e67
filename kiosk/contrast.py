"""WCAG 2.x contrast (A11Y-02): relative luminance of sRGB colours and the ratio between two.

Qt-free: the theme file is checked with it, and the resident screens are measured with it from
the colours Qt actually painted (``kiosk.ui.audit``).
"""

from __future__ import annotations

TEXT_MIN = 4.5  # WCAG 1.4.3: text against its background
LARGE_TEXT_MIN = 3.0  # WCAG 1.4.3: large text (≥ 18 pt, or 14 pt bold)
ENHANCED_TEXT_MIN = 7.0  # WCAG 1.4.6: text in the high-contrast theme against its background
UI_MIN = 3.0  # WCAG 1.4.11 / 2.4.11: components and the focus indicator against what is next to them


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` (the leading ``#`` optional) as three 0–255 channels."""
    h = hex_colour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"not an #RRGGBB colour: {hex_colour!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str | tuple[int, int, int]) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = rgb(colour) if isinstance(colour, str) else colour
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def ratio(a: str | tuple[int, int, int], b: str | tuple[int, int, int]) -> float:
    """The contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
