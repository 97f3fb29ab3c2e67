"""Reading printed sheets back: rasterise (pypdfium2), decode QR codes (zxing-cpp), extract text;
and a one-page PDF of a line of text, to send through the print queue."""

from __future__ import annotations

import io
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp


def qr_strings(pdf: bytes | Path, dpi: int = 300) -> list[str]:
    """Every QR symbol on every page, read as raw bytes (QR format only)."""
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, Path) else bytes(pdf))
    out: list[str] = []
    for page in doc:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            out.append(bytes(result.bytes).decode("ascii"))
    return out


def text(pdf: bytes | Path) -> str:
    """pdftotext (poppler) in content-stream order."""
    if isinstance(pdf, Path):
        return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        return subprocess.run(["pdftotext", "-raw", tmp.name, "-"], capture_output=True, check=True).stdout.decode()


def one_line_pdf(line: str) -> bytes:
    """A one-page PDF with ``line`` drawn on it (ASCII, in a standard font)."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(100, 700, line)
    c.save()
    return buf.getvalue()


def squeeze(value: str) -> str:
    return "".join(value.split())


def wait_for_pdf(folder: Path, before: set[Path], seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        new = [p for p in folder.glob("*.pdf") if p not in before and p.stat().st_size > 0]
        if new:
            size = -1
            while size != new[0].stat().st_size:  # cups-pdf may still be writing
                size = new[0].stat().st_size
                time.sleep(0.2)
            return new[0]
        time.sleep(0.1)
    raise AssertionError("no PDF appeared in the cups-pdf folder")


def raster_difference(a: bytes | Path, b: bytes | Path, dpi: int = 100) -> float:
    """Share of pixels that differ clearly between the first pages of two PDFs (same page size).

    Both rasters are blurred by one pixel first, so that anti-aliasing of small text (which
    differs after cups-pdf's PostScript round trip) does not count; a moved or missing mark does."""
    from PIL import ImageChops, ImageFilter

    images = []
    for pdf in (a, b):
        doc = pdfium.PdfDocument(pdf if isinstance(pdf, Path) else bytes(pdf))
        image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        images.append(image.filter(ImageFilter.BoxBlur(1)))
    if images[0].size != images[1].size:
        return 1.0
    diff = ImageChops.difference(*images).point(lambda v: 255 if v > 96 else 0)
    return diff.histogram()[255] / (diff.size[0] * diff.size[1])


MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Char:
    """One drawn character: page, text, font size (pt) and box in mm from the page's top-left corner."""

    page: int
    text: str
    size: float
    left: float
    top: float
    right: float
    bottom: float


def chars(pdf: bytes) -> list[Char]:
    """Every character pdfium finds in the PDF's text layer, with its size and position."""
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(bytes(pdf))
    out: list[Char] = []
    for number, page in enumerate(doc):
        height = page.get_height()
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if not text.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            out.append(Char(number, text, size, left / MM, (height - top) / MM, right / MM, (height - bottom) / MM))
    return out


def ink_boxes(pdf: bytes, dpi: int = 100) -> list[tuple[float, float, float, float] | None]:
    """Per page, the bounding box of everything printed (left, top, right, bottom) in mm."""
    doc = pdfium.PdfDocument(bytes(pdf))
    boxes: list[tuple[float, float, float, float] | None] = []
    for page in doc:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        bbox = image.point(lambda v: 255 if v < 200 else 0).getbbox()
        px = 25.4 / dpi
        boxes.append(None if bbox is None else (bbox[0] * px, bbox[1] * px, bbox[2] * px, bbox[3] * px))
    return boxes


@dataclass(frozen=True)
class Symbol:
    """A decoded QR symbol: its text, page and pixel corners, and whether its quiet zone is clean."""

    text: str
    page: int
    quiet_zone_clean: bool


def symbols(pdf: bytes, dpi: int) -> list[Symbol]:
    """Decode every QR symbol (bytes, QR only) and check a 4-module quiet zone around it."""
    doc = pdfium.PdfDocument(bytes(pdf))
    out: list[Symbol] = []
    for number, page in enumerate(doc):
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            p = result.position
            xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
            ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
            text = bytes(result.bytes).decode("ascii")
            modules = 17 + 4 * int(result.extra["Version"])
            module = (max(xs) - min(xs)) / modules
            clean = _white_ring(image, min(xs), min(ys), max(xs), max(ys), module)
            out.append(Symbol(text, number, clean))
    return out


def _white_ring(image, x0: float, y0: float, x1: float, y1: float, module: float) -> bool:
    """No dark pixel in the ring of 4 modules around the symbol's outer corners (less a pixel of
    anti-aliasing on either side)."""
    inner = 1.5
    outer = 4 * module - 1
    left, top = int(x0 - outer), int(y0 - outer)
    right, bottom = int(x1 + outer) + 1, int(y1 + outer) + 1
    pixels = image.load()
    for y in range(max(top, 0), min(bottom, image.size[1])):
        for x in range(max(left, 0), min(right, image.size[0])):
            if x0 - inner <= x <= x1 + inner and y0 - inner <= y <= y1 + inner:
                continue
            if pixels[x, y] < 128:
                return False
    return True
