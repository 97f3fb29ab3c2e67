"""Fonts for printed sheets and slips, embedded as subsets.

BIZ UD Gothic (Debian ``fonts-morisawa-bizud-gothic``) prints every Japanese sheet; a copy in a
folder handed over with :func:`add_font_dir` (the kiosk's ``assets/fonts``, with its OFL licence)
is used where the system has none. Guide slips in other
languages add fallback fonts when they are installed (TrueType outlines only: reportlab cannot
embed CFF fonts). A character no font can draw never vanishes: it prints as 〓 and is reported; a variation selector
prints its base character and is reported.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from printing.ruby_split import carried_on

GETA = "〓"  # 下駄記号: marks a character the printer fonts cannot draw
SYSTEM_FONTS = Path("/usr/share/fonts")
_FONT_DIRS: list[Path] = [SYSTEM_FONTS]


class FontMissing(Exception):
    """The base font for Japanese sheets is not installed."""


def add_font_dir(folder: Path) -> None:
    """Also look for font files in ``folder`` (after the system fonts)."""
    if folder not in _FONT_DIRS:
        _FONT_DIRS.append(folder)
        font.cache_clear()
        _has.cache_clear()

# name → (candidate files relative to /usr/share/fonts or an added font folder, TTC sub-font index)
FONT_FILES: dict[str, tuple[tuple[str, ...], int]] = {
    "BIZUDGothic": (("truetype/bizud-gothic/BIZUDGothic-Regular.ttf", "BIZUDGothic-Regular.ttf"), 0),
    "BIZUDGothic-Bold": (("truetype/bizud-gothic/BIZUDGothic-Bold.ttf", "BIZUDGothic-Bold.ttf"), 0),
    "DejaVuSans": (("truetype/dejavu/DejaVuSans.ttf",), 0),  # Latin with Vietnamese diacritics
    "WenQuanYiZenHei": (("truetype/wqy/wqy-zenhei.ttc",), 0),  # fonts-wqy-zenhei: 简体中文
    "NanumGothic": (("truetype/nanum/NanumGothic.ttf",), 0),  # fonts-nanum: 한국어
    "NotoSansDevanagari": (("truetype/noto/NotoSansDevanagari-Regular.ttf",), 0),  # fonts-noto-core: नेपाली
}
# Font chain per language, best first; fonts that are not installed are skipped.
CHAINS: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("WenQuanYiZenHei", "BIZUDGothic", "DejaVuSans"),
    "ko": ("NanumGothic", "BIZUDGothic", "DejaVuSans"),
    "vi": ("DejaVuSans", "BIZUDGothic"),
    "ne": ("NotoSansDevanagari", "BIZUDGothic", "DejaVuSans"),
}
DEFAULT_CHAIN = ("BIZUDGothic", "DejaVuSans")
BOLD_CHAIN = ("BIZUDGothic-Bold", "BIZUDGothic", "DejaVuSans")
VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def _find(candidates: tuple[str, ...]) -> Path | None:
    for rel in candidates:
        for root in _FONT_DIRS:
            path = root / rel
            if path.is_file():
                return path
            alt = root / Path(rel).name
            if alt.is_file():
                return alt
    return None


@functools.cache
def font(name: str) -> TTFont | None:
    """The registered font, or None where it is not installed."""
    files, index = FONT_FILES[name]
    path = _find(files)
    if path is None:
        return None
    ttf = TTFont(name, str(path), subfontIndex=index) if path.suffix == ".ttc" else TTFont(name, str(path))
    pdfmetrics.registerFont(ttf)
    return ttf


def require_base() -> None:
    if font("BIZUDGothic") is None:
        raise FontMissing("BIZ UD Gothic not found (fonts-morisawa-bizud-gothic)")
    font("BIZUDGothic-Bold")


def chain(lang: str = "ja", bold: bool = False) -> tuple[str, ...]:
    names = BOLD_CHAIN if bold else CHAINS.get(lang, DEFAULT_CHAIN)
    return tuple(n for n in names if font(n) is not None)


@functools.lru_cache(maxsize=65536)
def _has(name: str, char: str) -> bool:
    ttf = font(name)
    return ttf is not None and ord(char) in ttf.face.charToGlyph


def _is_vs(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in VARIATION_SELECTORS)


@dataclass(frozen=True)
class Run:
    font: str
    text: str


def runs(text: str, names: tuple[str, ...], missing: list[str] | None = None) -> list[Run]:
    """Split ``text`` into runs per font. Characters no font has become 〓 and go to ``missing``;
    a variation selector is not drawn (its base character prints) and is reported with its base."""
    out: list[Run] = []
    text = unicodedata.normalize("NFC", text)
    chars = list(text)
    for i, char in enumerate(chars):
        if char in "\n\r\t":
            char = " "
        if _is_vs(char):
            # the base character prints in its standard form; the variant is reported, never drawn
            if missing is not None:
                missing.append((chars[i - 1] if i else "") + char)
            continue
        chosen = next((n for n in names if _has(n, char)), None)
        if chosen is None and missing is not None:
            missing.append(char)
        if chosen is None:
            chosen, char = names[0], GETA
        if out and out[-1].font == chosen:
            out[-1] = Run(chosen, out[-1].text + char)
        else:
            out.append(Run(chosen, char))
    return out


def missing(text: str, names: tuple[str, ...]) -> list[str]:
    """What of ``text`` cannot print as written: characters no font has, and characters with a
    variation selector (as base + selector), each once, in order."""
    found: list[str] = []
    runs(text, names, found)
    return list(dict.fromkeys(found))


def width(text: str, names: tuple[str, ...], size: float) -> float:
    return sum(float(pdfmetrics.stringWidth(r.text, r.font, size)) for r in runs(text, names))


def draw(canvas: Canvas, x: float, y: float, text: str, names: tuple[str, ...], size: float,
         missing: list[str] | None = None) -> float:
    """Draw ``text`` at (x, y) baseline; returns the width drawn."""
    start = x
    for run in runs(text, names, missing):
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, run.text)
        x += pdfmetrics.stringWidth(run.text, run.font, size)
    return x - start


def wrap(text: str, names: tuple[str, ...], size: float, max_width: float) -> list[str]:
    """Lines no wider than ``max_width``; breaks at spaces for spaced scripts, anywhere for CJK but
    before a closing bracket or 句読点 or after an opening one (the line then ends a little short)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for char in paragraph:
            char_width = width(char, names, size)
            if line and line_width + char_width > max_width:
                cut = line.rfind(" ")
                if char != " " and cut > len(line) // 2 and line[cut - 1:cut].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1:] + char
                else:  # 禁則処理: the characters a line may not begin or end with go on with their neighbour
                    cut = len(line) - carried_on(line, char)
                    lines.append(line[:cut].rstrip())
                    line = (line[cut:] + char).lstrip()
                line_width = width(line, names, size)
            else:
                line += char
                line_width += char_width
        lines.append(line)
    return lines
