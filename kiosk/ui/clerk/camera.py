"""Optional camera scanning: QtMultimedia frames → zxing-cpp. A station without a camera (or
without the multimedia libraries) keeps the option disabled and says why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject


def availability() -> tuple[bool, str]:
    """(usable, reason code when not)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        return False, f"qtmultimedia_missing:{exc.name or 'library'}"
    try:
        if not QMediaDevices.videoInputs():
            return False, "no_camera"
    except Exception:  # backend failure
        return False, "camera_backend"
    return True, ""


class CameraScanner(QObject):
    """Decodes every few frames and calls ``on_text`` with each KS1 string found."""

    def __init__(self, on_text: Callable[[str], None], parent: QObject | None = None, every: int = 3) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        self.on_text = on_text
        self.every = every
        self._count = 0
        self._last = ""
        self.camera = QCamera(self)
        self.session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._frame)

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def _frame(self, frame) -> None:
        self._count += 1
        if self._count % self.every:
            return
        image = frame.toImage()
        if image.isNull():
            return
        from PIL import Image
        from PySide6.QtGui import QImage

        from kiosk.clerk.scan import decode_image

        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        data = bytes(gray.constBits())[: gray.bytesPerLine() * gray.height()]
        pil = Image.frombuffer("L", (gray.width(), gray.height()), data, "raw", "L", gray.bytesPerLine(), 1)
        for text in decode_image(pil):
            if text != self._last:  # the same symbol stays in view for many frames
                self._last = text
                self.on_text(text)
