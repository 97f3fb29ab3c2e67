"""ゆうちょ銀行 by the passbook: the 記号 (5 digits) and the 番号 (up to 8 digits) on the number pad.

Two buttons show what was typed for each and choose which one the pad types into; OK on the 記号
goes on to the 番号, OK on the 番号 stores the account converted (:mod:`kiosk.yucho`). As they are
typed, the conversion is shown, in place of what to type, for the resident to confirm, e.g.
「記号 10530 番号 12345671 → 〇五八店 普通 1234567」. A refusal shows its message and keeps
what was typed. Touch and keys alike (A11Y-10): digits from the keyboard, arrows over the pad,
Enter on a key, Shift+Tab to OK, Tab to the two buttons. What was typed is wiped when the entry is
hidden (PRIV-08).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import banks, i18n, yucho
from kiosk.errors import KioskError
from kiosk.ui.keypads import NumericPad
from kiosk.ui.operations import run
from kiosk.ui.widgets import RubyLabel, button, set_text

KIGO, BANGO = "kigo", "bango"


class YuchoEntry(QWidget):
    """``done(account)`` once the 記号・番号 convert; ``refuse(key)`` shows a problem's message and
    ``accepted()`` takes it away once the 記号 is right; ``kind_text(code)`` is the 預金種目 as the
    form labels it (empty when the form has none)."""

    def __init__(self, lang: str, kind_text: Callable[[str], str], done: Callable[[yucho.YuchoAccount], None],
                 refuse: Callable[[str], None], accepted: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("YuchoEntry")
        self.lang = lang
        self.kind_text = kind_text
        self.done = done
        self.refuse = refuse
        self.accepted = accepted
        self.typed = {KIGO: "", BANGO: ""}
        self.part = KIGO
        self.converted = False  # the conversion is shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # what to type, then, in its place, the conversion (the height stays: the pad fits 1366×768)
        self.preview = RubyLabel("", object_name="Small")
        layout.addWidget(self.preview)
        row = QHBoxLayout()  # the two parts beside the pad, not above it: the pad fits 1366×768
        parts = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for part in (KIGO, BANGO):
            b = button("", name=f"yucho-{part}")
            b.clicked.connect(lambda _=False, p=part: self.switch(p))
            parts.addWidget(b)
            self.buttons[part] = b
        parts.addStretch(1)
        row.addLayout(parts, 2)
        self.pad = NumericPad(lang, "", kind="digits")
        self.pad.changed.connect(self._changed)
        self.pad.accepted.connect(self._ok)
        self.pad.display.hide()  # the two buttons show what is typed
        row.addWidget(self.pad, 3)
        layout.addLayout(row)
        self._load()

    def reuse(self, lang: str, kind_text: Callable[[str], str]) -> None:
        """The entry again for another account (the review's editor keeps one), empty, in ``lang``."""
        self.lang = lang
        self.kind_text = kind_text
        self.wipe()
        self._load()

    def _load(self) -> None:
        if banks.loaded_index() is None:  # read off the GUI thread, once (normally read with the bank)
            run(banks.load_index, lambda _index: self._show(), self._failed, owner=self)
        self._show()

    def switch(self, part: str) -> None:
        """Type into the 記号 or the 番号; the focus goes to the pad's first key."""
        self.part = part
        self.pad.load(self.lang, self.typed[part])
        first = next(iter(self.pad.grid.cells.values()), None)
        if first is not None:
            first.setFocus()

    def account(self) -> yucho.YuchoAccount:
        """The converted account (raises the typed refusal, or BankDataMissing without the data)."""
        return yucho.convert(self.typed[KIGO], self.typed[BANGO], self._index())

    @staticmethod
    def _index() -> banks.BankIndex:
        index = banks.loaded_index()
        if index is None:
            raise banks.BankDataMissing("the bank data is not read yet")
        return index

    def _changed(self, text: str) -> None:
        self.typed[self.part] = text
        self._show()

    def _show(self) -> None:
        for part, b in self.buttons.items():
            label = i18n.text(f"resident.yucho_{part}", self.lang)
            set_text(b, f"{'▶ ' if part == self.part else ''}{i18n.plain(label)} {self.typed[part] or '—'}")
        text = ""
        if self.typed[KIGO] and self.typed[BANGO]:
            try:
                account = self.account()
            except KioskError:
                account = None  # not (yet) a passbook's 記号・番号: OK says what is wrong
            if account is not None:
                text = i18n.plain(i18n.text(
                    "resident.yucho_converted", self.lang, kigo=self.typed[KIGO], bango=self.typed[BANGO],
                    branch=account.branch.name, kind=self.kind_text(account.account_type), number=account.number))
        self.converted = bool(text)
        self.preview.setText(text or i18n.text("resident.yucho_hint", self.lang))
        self.preview.setAccessibleName(i18n.plain(self.preview.text()))

    def _ok(self, _text: str) -> None:
        """OK on the 記号: checked, then on to the 番号. OK on the 番号: the account, converted."""
        try:
            if self.part == KIGO:
                yucho.branch_of_kigo(self.typed[KIGO], self._index())
                self.accepted()
                self.switch(BANGO)
                return
            account = self.account()
        except KioskError as exc:  # a refusal (ValidationError) or no bank data
            self.refuse(exc.key)
            if isinstance(exc, yucho.YuchoKigoInvalid | yucho.YuchoBranchUnknown) and self.part != KIGO:
                self.switch(KIGO)  # the 番号 is kept; the 記号 is what needs a look
            return
        self.done(account)

    def _failed(self, error: Exception) -> None:
        self.refuse(error.key if isinstance(error, KioskError) else banks.BankDataMissing.key)

    def wipe(self) -> None:
        """Forget what was typed (PRIV-08)."""
        self.typed = {KIGO: "", BANGO: ""}
        self.part = KIGO
        self.pad.load(self.lang, "")
        self._show()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.wipe()
        super().hideEvent(event)
