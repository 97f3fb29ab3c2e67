"""Shared drawing helpers for sheets, tickets and slips: a cursor that moves down the page,
wrapped text in any font chain, and check boxes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import fonts

GREY = (0.93, 0.93, 0.93)
LINE = 0.6
CHECK = "✓"
MIN_MARK = 7.0  # points: no printed text is smaller


@dataclass
class Page:
    """A canvas with a y cursor (points from the bottom) and the collected missing glyphs."""

    canvas: Canvas
    width: float
    height: float
    margin: float = 15 * mm
    y: float = 0.0
    missing: list[str] = field(default_factory=list)
    on_new_page: Callable[[Page], None] | None = None  # draws a continuation header
    bottom: float = 22 * mm  # content stops here (room for the footer)

    def __post_init__(self) -> None:
        if not self.y:
            self.y = self.height - self.margin

    @property
    def inner_width(self) -> float:
        return self.width - 2 * self.margin

    def ensure(self, needed: float, bottom: float | None = None) -> None:
        if self.y - needed < (self.bottom if bottom is None else bottom):
            self.canvas.showPage()
            self.y = self.height - self.margin
            if self.on_new_page:
                self.on_new_page(self)

    def text(self, x: float, y: float, text: str, size: float, names: tuple[str, ...]) -> float:
        return fonts.draw(self.canvas, x, y, text, names, size, self.missing)

    def paragraph(self, text: str, size: float, names: tuple[str, ...], *, x: float | None = None,
                  width: float | None = None, leading: float = 1.45) -> None:
        x = self.margin if x is None else x
        width = self.inner_width if width is None else width
        for line in fonts.wrap(text, names, size, width):
            self.ensure(size * leading)
            self.y -= size * leading
            self.text(x, self.y + size * 0.3, line, size, names)


def check_box(page: Page, x: float, y: float, checked: bool, side: float = 3.6 * mm) -> None:
    """A square with its lower-left corner at (x, y), holding a ✓ (as text, so it can be read back)."""
    canvas = page.canvas
    canvas.saveState()
    canvas.setLineWidth(LINE)
    canvas.rect(x, y, side, side, stroke=1, fill=0)
    canvas.restoreState()
    if checked:
        page.text(x + side * 0.06, y + side * 0.12, CHECK, max(side * 1.05, MIN_MARK), fonts.chain("ja", bold=True))


def cell(canvas: Canvas, x: float, top: float, width: float, height: float, fill: tuple[float, float, float] | None = None) -> None:
    canvas.saveState()
    canvas.setLineWidth(LINE)
    if fill:
        canvas.setFillColorRGB(*fill)
    canvas.rect(x, top - height, width, height, stroke=1, fill=1 if fill else 0)
    canvas.restoreState()
