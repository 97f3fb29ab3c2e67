"""Reading printed sheets back: rasterise (pypdfium2), decode QR codes (zxing-cpp), extract text."""

from __future__ import annotations

import subprocess
import tempfile
import time
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
