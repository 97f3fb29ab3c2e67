"""Colours, sizes and the style sheet of the resident screens.

Sizes come from the screen's physical DPI (A11Y-01: primary and PIN buttons ≥ 15 mm, every
target ≥ 11.6 mm; A11Y-04: default text with an uppercase "I" ≥ 4.8 mm, large text ≥ 7.3 mm).
Colours come from ``assets/styles/themes.yaml``; :func:`contrast` is the WCAG ratio.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import yaml

from kiosk import contrast as _contrast
from kiosk import paths

THEMES_FILE = paths.ASSETS_DIR / "styles" / "themes.yaml"
PRIMARY_MM = 15.0
TARGET_MM = 11.6
SPACING_MM = 2.0
CAP_HEIGHT_RATIO = 0.7  # uppercase height / em size for the UI fonts
TEXT_CAP_MM = 4.8
LARGE_CAP_MM = 7.3
FONT_FAMILIES = ["BIZ UDPGothic", "BIZ UDGothic", "Noto Sans CJK JP", "DejaVu Sans"]


# libyaml's loader where present: the themes are read before the first screen.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def themes() -> dict:
    return yaml.load(THEMES_FILE.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)


def palette(name: str) -> dict[str, str]:
    return themes()[name]


def luminance(hex_colour: str) -> float:
    return _contrast.luminance(hex_colour)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two theme colours (:mod:`kiosk.contrast`)."""
    return _contrast.ratio(a, b)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen density."""

    dpi: float
    large_text: bool = False

    def mm(self, millimetres: float) -> int:
        return math.ceil(millimetres * self.dpi / 25.4)

    @property
    def primary(self) -> int:
        return self.mm(PRIMARY_MM)

    @property
    def target(self) -> int:
        return self.mm(TARGET_MM)

    @property
    def spacing(self) -> int:
        return self.mm(SPACING_MM) + 1

    @property
    def ring(self) -> int:
        """The focus ring's width: at least 4 px and 1 mm (WCAG 2.4.13 asks for a 2 CSS px perimeter)."""
        return max(4, self.mm(1.0))

    @property
    def font_px(self) -> int:
        cap = LARGE_CAP_MM if self.large_text else TEXT_CAP_MM
        return self.mm(cap / CAP_HEIGHT_RATIO)

    @property
    def title_px(self) -> int:
        return round(self.font_px * 1.35)

    @property
    def small_px(self) -> int:
        return round(self.font_px * 0.6)


def screen_dpi(widget=None) -> float:
    """Physical DPI of the screen showing ``widget`` (96 when the platform does not know)."""
    from PySide6.QtGui import QGuiApplication

    screen = widget.screen() if widget is not None and widget.screen() else QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen else 96.0
    return dpi if 50 <= dpi <= 400 else 96.0


def stylesheet(theme: str, m: Metrics) -> str:
    p = palette(theme)
    r = max(4, m.spacing)
    return f"""
QWidget#KioskRoot, QWidget#Screen {{ background: {p['background']}; }}
QWidget {{ color: {p['text']}; font-family: "{FONT_FAMILIES[0]}", "{FONT_FAMILIES[1]}"; font-size: {m.font_px}px; }}
#Title {{ font-size: {m.title_px}px; font-weight: bold; }}
QLabel#Muted, QLabel#Small {{ color: {p['muted']}; }}
QLabel#Small {{ font-size: {m.small_px}px; }}
QFrame#TopBar {{ background: {p['surface']}; border-bottom: 2px solid {p['border']}; }}
QPushButton {{
  background: {p['secondary']}; color: {p['secondary_text']};
  border: 2px solid {p['border']}; border-radius: {r}px;
  min-height: {m.target}px; min-width: {m.target}px; padding: 4px {m.spacing * 2}px;
  outline: none;
}}
/* the top bar's buttons: a close box (border and padding as wide focused or not), whole labels;
   the text clear of the focus ring */
QFrame#TopBar QPushButton {{ padding: {m.ring - 2}px {m.ring + 2}px; }}
QFrame#TopBar QPushButton:focus {{ padding: 0px 4px; }}
QPushButton:focus {{ border: {m.ring}px solid {p['focus']}; }}
QPushButton[primary="true"] {{
  background: {p['primary']}; color: {p['primary_text']}; min-height: {m.primary}px; min-width: {m.primary}px;
  font-weight: bold;
}}
QPushButton[primary="true"]:focus {{ border: {m.ring + 1}px solid {p['focus']}; background: {p['focus_fill_primary']}; }}
/* a chosen answer is underlined as well as coloured: colour is never the only signal (A11Y-03) */
QPushButton:checked, QPushButton[selected="true"] {{
  background: {p['selected']}; color: {p['selected_text']}; text-decoration: underline; }}
QPushButton:checked:focus, QPushButton[selected="true"]:focus {{
  background: {p['focus_fill_selected']}; color: {p['selected_text']}; }}
QWidget#PinPad {{ border: {m.ring}px solid transparent; border-radius: {r}px; }}
QWidget#PinPad:focus {{ border: {m.ring}px solid {p['focus']}; }}
QPushButton:disabled {{ color: {p['muted']}; border-style: dashed; }}
QPushButton[pinkey="true"], QPushButton[pinkey="true"]:pressed, QPushButton[pinkey="true"]:hover {{
  background: {p['secondary']}; color: {p['secondary_text']};
  min-height: {m.primary}px; min-width: {round(m.primary * 1.6)}px; font-size: {m.title_px}px;
}}
#OnPrimary {{ color: {p['primary_text']}; font-weight: bold; }}
#OnSecondary {{ color: {p['secondary_text']}; }}
#OnSelected {{ color: {p['selected_text']}; text-decoration: underline; }}
QFrame#Message {{ background: {p['error_bg']}; border: 3px solid {p['error']}; border-radius: {r}px; }}
QFrame#Message QLabel {{ color: {p['error']}; }}
QFrame#Warning {{ background: {p['warning_bg']}; border: 3px solid {p['warning_text']}; border-radius: {r}px; }}
QFrame#Warning QLabel {{ color: {p['warning_text']}; }}
QLabel#CardMark {{ color: {p['card_mark']}; background: {p['card_mark_bg']}; border: 2px solid {p['card_mark']};
  border-radius: {r}px; padding: 2px 8px; font-size: {m.small_px}px; }}
QLabel#PinDots {{ font-size: {m.title_px * 2}px; letter-spacing: 12px; }}
QLabel#Display {{ background: {p['background']}; border: 2px solid {p['border']}; padding: 6px; min-height: {m.target}px; }}
QProgressBar {{ border: 2px solid {p['border']}; border-radius: {r}px; background: {p['surface']};
  min-height: {m.spacing * 3}px; color: {p['text']}; text-align: center; }}
QProgressBar::chunk {{ background: {p['primary']}; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: {p['background']}; border: none; }}
QScrollBar:vertical {{ width: {m.target}px; background: {p['surface']}; border: 1px solid {p['border']}; }}
QScrollBar::handle:vertical {{ background: {p['primary']}; min-height: {m.target}px; border-radius: {r}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
QLabel#Preview {{ border: 2px solid {p['border']}; background: #FFFFFF; padding: 4px; }}
QFrame#Row {{ background: {p['surface']}; border: 1px solid {p['border']}; border-radius: {r}px; }}
"""
