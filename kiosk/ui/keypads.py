"""Input without a keyboard: the fixed 12-key PIN pad, a numeric pad, a 50音 kana pad
(hiragana/katakana) and an alphanumeric pad. Each also takes a physical keyboard or numeric
keypad (A11Y-10): digits and letters type, Backspace deletes, Enter accepts, arrows move focus.
"""

from __future__ import annotations

import unicodedata

import jaconv
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.ui.widgets import button, set_text

PIN_LENGTH = 4
KANA_ROWS = [
    "あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの",
    "はひふへほ", "まみむめも", "や　ゆ　よ", "らりるれろ", "わ　を　ん",
]
KANA_EXTRA = "゛゜ゃゅょっー　"
ALPHA_ROWS = ["ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-'. "]


class _Grid:
    """Arrow-key focus movement over a grid of buttons (no focus traps)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], QPushButton] = {}

    def add(self, row: int, col: int, b: QPushButton) -> None:
        self.cells[(row, col)] = b

    def move(self, current: QWidget, key: int) -> bool:
        pos = next((p for p, b in self.cells.items() if b is current), None)
        if pos is None:
            return False
        dr, dc = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0),
                  Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}.get(Qt.Key(key), (0, 0))
        if (dr, dc) == (0, 0):
            return False
        r, c = pos
        for _ in range(12):
            r, c = r + dr, c + dc
            if (r, c) in self.cells:
                self.cells[(r, c)].setFocus()
                return True
        return False


class PinPad(QWidget):
    """Fixed 12-key layout, masked dots, no per-key highlight, no IME (SEC-04).

    The digits live in a bytearray that is overwritten when taken or cleared (PRIV-04)."""

    submitted = Signal(bytearray)
    changed = Signal(int)

    def __init__(self, lang: str = "ja", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("PinPad")  # the style sheet draws its focus ring (the keys take no focus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._buffer = bytearray(PIN_LENGTH)
        self._length = 0
        layout = QVBoxLayout(self)
        self.dots = QLabel()
        self.dots.setObjectName("PinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.dots)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
        for i, key in enumerate(labels):
            b = QPushButton(key)
            b.setProperty("pinkey", True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus would show which digit was pressed
            b.setAutoRepeat(False)
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        self.keys["5"].setText("5\u0323")  # the visual "5" marker (a dot below), like the tactile one
        layout.addLayout(grid)
        self.retranslate(lang)
        self._show()

    def retranslate(self, lang: str) -> None:
        for key in ("clear", "ok"):
            set_text(self.keys[key], i18n.text(f"resident.pin_{key}", lang))
        for d in "0123456789":
            self.keys[d].setAccessibleName(i18n.text("resident.pin_digit_key", lang, digit=d))
        self.setAccessibleName(i18n.plain(i18n.text("resident.pin_pad", lang)))

    def _show(self) -> None:
        self.dots.setText("●" * self._length + "○" * (PIN_LENGTH - self._length))
        self.dots.setAccessibleName(f"{self._length}/{PIN_LENGTH}")
        self.keys["ok"].setEnabled(self._length == PIN_LENGTH)
        self.changed.emit(self._length)

    def _key(self, key: str) -> None:
        if key == "clear":
            self.clear()
        elif key == "ok":
            if self._length == PIN_LENGTH:
                self.submitted.emit(self.take())
        elif self._length < PIN_LENGTH:
            self._buffer[self._length] = ord(key)
            self._length += 1
            self._show()

    def take(self) -> bytearray:
        """The PIN as a fresh bytearray; the pad's own buffer is overwritten."""
        pin = bytearray(self._buffer[: self._length])
        self.clear()
        return pin

    def clear(self) -> None:
        for i in range(len(self._buffer)):
            self._buffer[i] = 0
        self._length = 0
        self._show()

    @property
    def length(self) -> int:
        return self._length

    def press(self, key: str) -> None:
        """One key as if touched: a digit ``"0"``…``"9"``, ``"back"`` (the last digit off),
        ``"clear"`` or ``"ok"`` (a PIN pad device types into the pad this way)."""
        if key == "back":
            if self._length:
                self._length -= 1
                self._buffer[self._length] = 0
                self._show()
        elif key in ("clear", "ok") or (len(key) == 1 and key.isdigit()):
            self._key(key)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._key(chr(key))
        elif key == Qt.Key.Key_Backspace:
            self.press("back")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._key("ok")
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Delete):
            self.clear()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.clear()  # PRIV-04: cleared on focus loss
        super().focusOutEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802
        self.clear()
        super().hideEvent(event)


class Keypad(QWidget):
    """Common part of the text pads: a display, the typed text, OK / delete / cancel."""

    accepted = Signal(str)
    cancelled = Signal()
    typed = Signal(int)
    changed = Signal(str)  # the text after every change (typed, deleted, converted)

    max_length = 40

    def __init__(self, lang: str = "ja", value: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.lang = lang
        self.value = value
        self.grid = _Grid()
        layout = QVBoxLayout(self)
        self.display = QLabel()
        self.display.setObjectName("Display")
        layout.addWidget(self.display)
        self.body = QGridLayout()
        layout.addLayout(self.body)
        actions = QHBoxLayout()
        self.delete = button(i18n.text("resident.key_delete", lang))
        self.cancel = button(i18n.text("resident.key_cancel", lang))
        self.ok = button(i18n.text("resident.key_ok", lang), primary=True)
        self.delete.clicked.connect(self.backspace)
        self.cancel.clicked.connect(self.cancelled.emit)
        self.ok.clicked.connect(lambda: self.accepted.emit(self.value))
        for b in (self.delete, self.cancel, self.ok):
            actions.addWidget(b)
        layout.addLayout(actions)
        self.build()
        self._order_tabs()
        self._show()

    def _order_tabs(self) -> None:
        """OK first, then the keys, then delete and cancel: from the first key, Shift+Tab reaches
        OK in one press (A11Y-10); arrows move within the keys."""
        chain: list[QWidget] = [self.ok, *self.grid.cells.values(), self.delete, self.cancel]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Arrow keys on a key move to the neighbouring key (a focused button would take them as Tab)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(obj, QWidget):
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
                return self.grid.move(obj, key)
        return False

    def build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def load(self, lang: str, value: str) -> None:
        """Reuse this pad for another value (or, with ``""``, forget the last one): building a pad's
        keys takes longer than a frame, so the review editor keeps one pad per kind."""
        if lang != self.lang:
            self.lang = lang
            self.retranslate()
        self.value = value
        self._show()

    def retranslate(self) -> None:
        set_text(self.delete, i18n.text("resident.key_delete", self.lang))
        set_text(self.cancel, i18n.text("resident.key_cancel", self.lang))
        set_text(self.ok, i18n.text("resident.key_ok", self.lang))
        space = i18n.plain(i18n.text("resident.key_space", self.lang))
        for b in self.grid.cells.values():
            if b.property("char") is not None and not str(b.property("char")).strip():
                b.setAccessibleName(space)

    def key_button(self, text: str, row: int, col: int, span: int = 1) -> QPushButton:
        b = QPushButton(text if text.strip() else "␣")
        b.setAccessibleName(text if text.strip() else i18n.plain(i18n.text("resident.key_space", self.lang)))
        b.setProperty("char", text)
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.setAutoDefault(True)  # Enter activates the focused key (A11Y-10)
        b.clicked.connect(lambda _=False, w=b: self.type_text(w.property("char")))
        b.installEventFilter(self)
        self.body.addWidget(b, row, col, 1, span)
        self.grid.add(row, col, b)
        return b

    def format(self, value: str) -> str:
        return value

    def _show(self) -> None:
        self.display.setText(self.format(self.value) or " ")
        self.display.setAccessibleName(self.format(self.value))
        self.changed.emit(self.value)

    def set_value(self, value: str) -> None:
        self.value = value
        self._show()

    def type_text(self, text: str) -> None:
        if text == "　":
            text = " "
        if len(self.value) + len(text) <= self.max_length and self.allowed(text):
            self.value += text
            self.typed.emit(len(text))
            self._show()

    def allowed(self, text: str) -> bool:
        return True

    def backspace(self) -> None:
        self.value = self.value[:-1]
        self._show()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            if self.grid.move(self.focusWidget(), key):
                return
        if key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif event.text() and event.text().isprintable() and key not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.type_text(self.convert_typed(event.text()))
        else:
            super().keyPressEvent(event)

    def convert_typed(self, text: str) -> str:
        return text


class NumericPad(Keypad):
    """Digits for dates (YYYYMMDD), phone numbers and postal codes."""

    def __init__(self, lang: str = "ja", value: str = "", kind: str = "digits", parent: QWidget | None = None):
        self.kind = kind
        self.max_length = {"date": 8, "postal_code": 7, "phone": 13}.get(kind, 12)
        super().__init__(lang, value, parent)

    def build(self) -> None:
        for i, key in enumerate("123456789"):
            self.key_button(key, i // 3, i % 3)
        if self.kind == "phone":
            self.key_button("-", 3, 0)
        self.key_button("0", 3, 1)

    def allowed(self, text: str) -> bool:
        return all(c.isdigit() or (c == "-" and self.kind == "phone") for c in text)

    def convert_typed(self, text: str) -> str:
        return unicodedata.normalize("NFKC", text)

    def format(self, value: str) -> str:
        if self.kind == "date":
            pad = value + "_" * (8 - len(value))
            return f"{pad[:4]}-{pad[4:6]}-{pad[6:8]}"
        if self.kind == "secret":
            return "●" * len(value)
        if self.kind == "postal_code" and len(value) > 3:
            return f"〒{value[:3]}-{value[3:]}"
        return value


class KanaPad(Keypad):
    """50音 pad; ゛ and ゜ voice the previous kana; hiragana or katakana output."""

    def __init__(self, lang: str = "ja", value: str = "", katakana: bool = False, parent: QWidget | None = None):
        self.katakana = katakana
        super().__init__(lang, value, parent)

    def build(self) -> None:
        # Columns read right to left like a printed 50音表 would be unusual on a kiosk; keep
        # rows as rows: each consonant row is one line of five keys.
        self._kana_keys: list[QPushButton] = []
        for r, row in enumerate(KANA_ROWS):
            for c, ch in enumerate(row):
                if ch != "　":
                    self._kana_keys.append(self.key_button(ch, r // 2, (r % 2) * 6 + c))
        for c, ch in enumerate(KANA_EXTRA):
            self._kana_keys.append(self.key_button(ch, 5, c))
        self.mode = button(i18n.text("resident.key_katakana" if not self.katakana else "resident.key_hiragana",
                                     self.lang), checkable=False)
        self.mode.clicked.connect(self.toggle)
        self.body.addWidget(self.mode, 5, 9, 1, 3)
        self.grid.add(5, 9, self.mode)
        self._relabel()

    def load(self, lang: str, value: str, katakana: bool | None = None) -> None:
        if katakana is not None and katakana != self.katakana:
            self.katakana = katakana
            self._relabel()
            set_text(self.mode, i18n.text("resident.key_katakana" if not self.katakana else "resident.key_hiragana",
                                          self.lang))
        super().load(lang, value)

    def retranslate(self) -> None:
        super().retranslate()
        set_text(self.mode, i18n.text("resident.key_katakana" if not self.katakana else "resident.key_hiragana",
                                      self.lang))

    def toggle(self) -> None:
        self.katakana = not self.katakana
        set_text(self.mode, i18n.text("resident.key_katakana" if not self.katakana else "resident.key_hiragana",
                                      self.lang))
        self.value = jaconv.hira2kata(self.value) if self.katakana else jaconv.kata2hira(self.value)
        self._relabel()
        self._show()

    def _relabel(self) -> None:
        for b in self._kana_keys:
            t = b.property("char")
            t = jaconv.hira2kata(t) if self.katakana else jaconv.kata2hira(t)
            b.setProperty("char", t)
            if t.strip():
                b.setText(t)
                b.setAccessibleName(t)

    def type_text(self, text: str) -> None:
        if text in ("゛", "゜") and self.value:
            mark = "\u3099" if text == "゛" else "\u309a"
            voiced = unicodedata.normalize("NFC", self.value[-1] + mark)
            if len(voiced) == 1:
                self.value = self.value[:-1] + voiced
                self.typed.emit(1)
                self._show()
            return
        text = jaconv.hira2kata(text) if self.katakana else jaconv.kata2hira(text)
        super().type_text(text)



class AlphaPad(Keypad):
    """Latin letters for foreign residents' names (as on the residence card)."""

    def build(self) -> None:
        for r, row in enumerate(ALPHA_ROWS):
            for c, ch in enumerate(row):
                self.key_button(ch, r, c)
        for c, ch in enumerate("0123456789"):
            self.key_button(ch, 3, c)

    def convert_typed(self, text: str) -> str:
        return text.upper()
