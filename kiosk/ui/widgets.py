"""Small building blocks: text with furigana, buttons with accessible names, message boxes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QLayout, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk import i18n
from printing import ruby_split


def application() -> QCoreApplication:
    """The running application (widgets exist only inside one)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication is running")
    return app


RUBY_MIN_PX = 12  # furigana smaller than this cannot be read at arm's length


class RubyLabel(QWidget):
    """Wrapped text that draws furigana above ``{漢字|かんじ}`` (Qt rich text has no ruby).
    ``max_lines``: at most this many lines are asked for (a bar that must keep its height)."""

    max_lines: int | None = None

    def __init__(self, message: str = "", parent: QWidget | None = None, *, object_name: str = "",
                 centered: bool = False) -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.centered = centered
        self._message = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(message)

    def setText(self, message: str) -> None:  # noqa: N802 - Qt naming
        self._message = message
        self._layouts: dict[tuple[int, str], tuple[list[list[tuple[str, str | None, int]]], int, int]] = {}
        self._tokens = ruby_split.tokens(i18n.ruby_segments(message))
        self._has_ruby = any(r for _, r in self._tokens)
        self.setAccessibleName(i18n.plain(message))
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return i18n.plain(self._message)

    def has_ruby(self) -> bool:
        return self._has_ruby

    def ruby_px(self) -> int:
        """The furigana's pixel size: half the text's, never under :data:`RUBY_MIN_PX`."""
        size = self.font().pixelSize()
        return max(RUBY_MIN_PX, int(size * 0.5)) if size > 0 else RUBY_MIN_PX

    def _ruby_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(self.ruby_px())
        return font

    def _piece_width(self, fm: QFontMetrics, rm: QFontMetrics, base: str, reading: str | None) -> int:
        """A piece's width: its base's or its reading's, whichever is wider."""
        return max(fm.horizontalAdvance(base), rm.horizontalAdvance(reading) if reading else 0)

    def _layout(self, width: int) -> tuple[list[list[tuple[str, str | None, int]]], int, int]:
        """Lines of (base, reading, width) for ``width``; remembered per width and font, since layouts
        ask for the height at a width many times."""
        key = (width, self.font().key())
        found = self._layouts.get(key)
        if found is None:
            found = self._layouts[key] = self._lay_out(width)
        return found

    def _lay_out(self, width: int) -> tuple[list[list[tuple[str, str | None, int]]], int, int]:
        fm = QFontMetrics(self.font())
        rm = QFontMetrics(self._ruby_font())
        ruby_h = rm.height() if self._has_ruby else 0
        line_h = fm.height() + ruby_h + max(4, fm.height() // 5)
        lines = ruby_split.wrap(self._tokens, lambda base, reading: self._piece_width(fm, rm, base, reading), width)
        return lines, line_h, ruby_h

    def natural_width(self) -> int:
        """The width of the text on one line, furigana included."""
        fm = QFontMetrics(self.font())
        rm = QFontMetrics(self._ruby_font())
        return sum(self._piece_width(fm, rm, base, reading) for base, reading in self._tokens if base != "\n")

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        lines, line_h, ruby_h = self._layout(max(50, width))
        if self.max_lines == 1:  # one line (a bar): no leading below it
            return QFontMetrics(self.font()).height() + ruby_h + 4
        count = len(lines) if self.max_lines is None else min(len(lines), self.max_lines)
        return count * line_h + 4

    def sizeHint(self) -> QSize:  # noqa: N802
        width = max(200, self.width() if self.width() > 50 else 800)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(100, self.heightForWidth(max(100, self.width())))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.setMinimumHeight(self.heightForWidth(self.width()))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        fm = QFontMetrics(self.font())
        ruby_font = self._ruby_font()
        rm = QFontMetrics(ruby_font)
        lines, line_h, ruby_h = self._layout(self.width())
        y = 0
        for line in lines:
            used = sum(w for _, _, w in line)
            x = max(0, (self.width() - used) // 2) if self.centered else 0
            for base, reading, w in line:
                bw = fm.horizontalAdvance(base)
                if reading:
                    painter.setFont(ruby_font)
                    rw = rm.horizontalAdvance(reading)
                    painter.drawText(x + (w - rw) // 2, y + rm.ascent(), reading)
                painter.setFont(self.font())
                painter.drawText(x + (w - bw) // 2, y + ruby_h + fm.ascent(), base)
                x += w
            y += line_h
        painter.end()


class RubyButton(QPushButton):
    """A button whose text, with furigana, is painted by the :class:`RubyLabel` inside it."""

    ruby: RubyLabel | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        label = self.ruby
        layout = self.layout()
        if label is None or label.isHidden() or layout is None:
            return hint
        margins = layout.contentsMargins()
        width = label.natural_width() + margins.left() + margins.right() + 2 * label.fontMetrics().averageCharWidth()
        height = label.heightForWidth(label.natural_width() + 1) + margins.top() + margins.bottom()
        return QSize(max(hint.width(), width), max(hint.height(), height))


_Button = TypeVar("_Button", bound=QPushButton)


def button(text: str, *, primary: bool = False, name: str = "", checkable: bool = False) -> QPushButton:
    """A touch button whose accessible name is its plain text (A11Y-15). It draws no furigana: a
    kanji that carries a reading in the text (やさしい日本語) is shown as its reading (A11Y-14)."""
    return _touch(QPushButton(i18n.kana(text)), text, primary=primary, name=name, checkable=checkable)


def _touch(b: _Button, text: str, *, primary: bool, name: str, checkable: bool) -> _Button:
    b.setAccessibleName(name or i18n.plain(text))
    if name:
        b.setObjectName(name)
    b.setProperty("primary", primary)
    b.setCheckable(checkable)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoDefault(True)
    b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed if not primary else QSizePolicy.Policy.Fixed)
    return b


def answer_button(text: str, *, name: str = "", primary: bool = True) -> QPushButton:
    """A big answer button; with furigana markup the text is painted by a RubyLabel inside it
    (やさしい日本語: every kanji carries its reading, A11Y-14)."""
    if not i18n.RUBY.search(text):
        return button(text, primary=primary, name=name)
    b = _touch(RubyButton(), "", primary=primary, name=name, checkable=False)
    b.setAccessibleName(i18n.plain(text))
    with_ruby(b, primary=primary).setText(text)
    return b


def with_ruby(b: RubyButton, *, primary: bool) -> RubyLabel:
    """The label that paints ``b``'s text with its furigana (hidden until :func:`set_text` gives
    it text with readings; a tap goes through it to the button)."""
    label = RubyLabel("", centered=True, object_name="OnPrimary" if primary else "OnSecondary")
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    layout = QVBoxLayout(b)
    layout.setContentsMargins(8, 2, 8, 2)
    layout.addWidget(label)
    b.ruby = label
    return label


def candidate_button(name: str, chosen: Callable[[object], None], key: str = "value") -> QPushButton:
    """One slot of a candidate strip above a pad (kanji, banks, the town's areas), filled later
    with a text and the property ``key``; a tap, or Enter on the focused slot (A11Y-10), hands that
    property to ``chosen``."""
    b = QPushButton("")
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoDefault(True)
    b.clicked.connect(lambda _=False: chosen(b.property(key)))
    return b


def ruby_button(*, name: str, checkable: bool = False) -> RubyButton:
    """A secondary button that shows furigana when its text carries them (やさしい日本語, A11Y-14);
    without furigana it is an ordinary text button."""
    b = _touch(RubyButton(), "", primary=False, name=name, checkable=checkable)
    label = with_ruby(b, primary=False)
    label.hide()
    b.toggled.connect(lambda on: _follow_check(label, on))
    return b


def _follow_check(label: RubyLabel, on: bool) -> None:
    """The text colour of a checked button's background (the style sheet cannot select a
    label by its parent's state)."""
    label.setObjectName("OnSelected" if on else "OnSecondary")
    _repolish(label)


def set_text(b: QPushButton, text: str) -> None:
    """The button's text; a :class:`RubyButton` keeps the furigana of ``text`` (other buttons
    show a kanji that carries a reading as that reading, A11Y-14). The accessible name is always
    the plain text."""
    label = b.ruby if isinstance(b, RubyButton) else None
    if label is not None:
        with_ruby = bool(i18n.RUBY.search(text))
        if with_ruby:
            label.setText(text)
        if with_ruby != label.isVisibleTo(b):
            label.setVisible(with_ruby)
        b.setText("" if with_ruby else i18n.plain(text))
        b.updateGeometry()
    else:
        b.setText(i18n.kana(text))
    b.setAccessibleName(i18n.plain(text))


def set_selected(b: QPushButton, selected: bool) -> None:
    """The "selected" look on or off: the selected colours and an underline (A11Y-03), on the
    button's own text or on the label that paints its furigana. A button already styled is
    re-polished by touching its own style sheet (QStyle.unpolish/polish from Python corrupts
    reference counts in PySide6 6.x)."""
    if bool(b.property("selected")) == selected:
        return
    b.setProperty("selected", selected)
    if b.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        _repolish(b)
    label = b.ruby if isinstance(b, RubyButton) else None
    if label is not None:
        label.setObjectName("OnSelected" if selected else "OnPrimary" if b.property("primary") else "OnSecondary")
        _repolish(label)


def _repolish(widget: QWidget) -> None:
    sheet = widget.styleSheet()
    widget.setStyleSheet(sheet[:-1] if sheet.endswith(" ") else sheet + " ")


def show_busy(bar: QProgressBar, *, animations: bool) -> None:
    """Work under way for an unknown time: a moving busy bar, or with animations off (A11Y-16)
    one that stands still, half filled."""
    if animations:
        bar.setRange(0, 0)
    else:
        bar.setRange(0, 2)
        bar.setValue(1)


def form_title(texts: dict[str, str], lang: str) -> str:
    """A form's or procedure's title as the resident reads it: the official Japanese title, with
    the translation after it in other languages; in やさしい日本語 its easy title with furigana
    on every kanji (A11Y-14), when the catalogue gives one."""
    official = texts.get("ja") or next(iter(texts.values()), "")
    if lang == "ja-easy":
        return texts.get("ja-easy") or official
    translated = texts.get(lang)
    if lang == "ja" or not translated or translated == official:
        return official
    return f"{official}  ({translated})"


class MessageBox(QFrame):
    """What happened and what to do: an error (red) or a warning (amber), with an icon in text
    so colour is never the only signal (A11Y-03)."""

    def __init__(self, kind: str = "Message", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(kind)
        layout = QVBoxLayout(self)
        self.label = RubyLabel("", self)
        layout.addWidget(self.label)
        self.hide()

    def show_message(self, message: str) -> None:
        mark = "⚠ " if self.objectName() == "Message" else "ⓘ "
        self.label.setText(mark + message)
        self.setAccessibleName(i18n.plain(message))
        self.show()

    def clear(self) -> None:
        self.label.setText("")
        self.hide()


def clear_layout(layout: QLayout) -> None:
    """Take every widget out of ``layout`` (and out of the layouts inside it) and delete it."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()  # safe even for the button whose click is being handled
        elif inner is not None:
            clear_layout(inner)
