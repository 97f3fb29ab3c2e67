"""KS1 symbols drawn as vector rectangles on the PDF page.

Each module is a whole number of printer dots (default 8 dots at 600 dpi = 0.339 mm, the
contract's minimum 0.33 mm) and the symbol's corner sits on the printer's dot grid, so no module
is stretched or shrunk by rounding. A quiet zone of 4 modules stays white around the symbol.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import fonts
from printing.model import Code

QUIET_ZONE = 4
DEFAULT_DPI = 600
DEFAULT_DOTS = 8
MIN_MODULE_MM = 0.33


def module_points(dpi: int = DEFAULT_DPI, dots: int = DEFAULT_DOTS) -> float:
    size = dots * 72.0 / dpi
    if size < MIN_MODULE_MM * mm:
        raise ValueError(f"{dots} dots at {dpi} dpi is below {MIN_MODULE_MM} mm per module")
    return size


def footprint(symbol: Code, dpi: int = DEFAULT_DPI, dots: int = DEFAULT_DOTS) -> float:
    """Side of the symbol including its quiet zone, in points."""
    return (symbol.size + 2 * QUIET_ZONE) * module_points(dpi, dots)


def _snap(value: float, dpi: int) -> float:
    dot = 72.0 / dpi
    return round(value / dot) * dot


def draw_symbol(canvas: Canvas, symbol: Code, x: float, top: float, *, dpi: int = DEFAULT_DPI,
                dots: int = DEFAULT_DOTS) -> float:
    """Draw with the quiet zone's top-left corner at (x, top); returns the footprint side."""
    m = module_points(dpi, dots)
    x0 = _snap(x + QUIET_ZONE * m, dpi)
    y_top = _snap(top - QUIET_ZONE * m, dpi)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, top - footprint(symbol, dpi, dots), footprint(symbol, dpi, dots),
                footprint(symbol, dpi, dots), stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()  # one path of horizontal runs: a small page stream, filled once
    for r, row in enumerate(symbol.matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x0 + start * m, y_top - (r + 1) * m, (c - start) * m, m)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return footprint(symbol, dpi, dots)


def draw_captioned(canvas: Canvas, symbol: Code, x: float, top: float, *, index: int, count: int, sheet_id: str,
                   dpi: int = DEFAULT_DPI, dots: int = DEFAULT_DOTS) -> tuple[float, float]:
    """Symbol with "受付用コード (i/n)" and the sheet id under it; returns (width, height) used."""
    side = draw_symbol(canvas, symbol, x, top, dpi=dpi, dots=dots)
    names = fonts.chain("ja")
    y = top - side - 3 * mm
    fonts.draw(canvas, x, y, f"受付用コード ({index}/{count})", names, 8)
    fonts.draw(canvas, x, y - 3.6 * mm, sheet_id, names, 7)
    return side, side + 3 * mm + 4.6 * mm
