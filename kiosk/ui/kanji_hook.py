"""The review editor's link to the kanji candidates: which family names to rank first, and what
choosing a name stores (the kanji in the name field, the typed reading in its ``_kana`` field);
and, for a ``_kana`` field whose name is in kanji (a card name whose reading was not confirmed at
the card), the candidate readings of that name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.catalogue.types import to_katakana
from kiosk.kanji import COUNTER_CHECK, NAME_SEPARATOR, family_name, is_kanji, loaded_index
from kiosk.readings import chosen_reading, family_readings
from kiosk.ui.kanji_picker import KanjiStrip
from kiosk.ui.keypads import KanaPad
from kiosk.ui.reading_picker import ReadingStrip

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.field_editor import FieldEditor


def household_family_names(editor: FieldEditor) -> list[str]:
    """Family names of the household members read from cards or already chosen (ranked first)."""
    members = editor.review.journey.session.members
    names = [family_name(m.name) for m in members if m.name]
    return [n for n in dict.fromkeys(names) if n]


def attach_kanji(editor: FieldEditor, pad: KanaPad) -> KanjiStrip:
    """Put the candidate strip above ``pad`` in the editor."""
    strip = next((s for s in editor.kept_strips if isinstance(s, KanjiStrip) and s.pad is pad), None)
    if strip is None:  # one above the hiragana pad, kept across names and sessions
        strip = KanjiStrip(pad, editor.review.lang, household_family_names(editor),
                           lambda name, reading: choose_name(editor, name, reading))
        editor.kept_strips.append(strip)
    else:
        strip.reuse(editor.review.lang, household_family_names(editor))
    editor.area.insertWidget(0, strip)
    strip.show()
    editor.kanji = strip
    return strip


def attach_readings(editor: FieldEditor) -> ReadingStrip | None:
    """Put the candidate readings of the row's name above the pad of its ``_kana`` field."""
    if editor.target is None:
        return None
    ff, person = editor.target
    form = editor.review.journey.current_form()
    values = editor.review.journey.session.form_values.get(form.id) if form is not None else None
    if values is None or not ff.id.endswith("_kana"):
        return None
    row = values.household if person is None else (values.persons[person] if person < len(values.persons) else {})
    name = row.get(ff.id.removesuffix("_kana"))
    if not isinstance(name, str) or name == COUNTER_CHECK or not any(is_kanji(ch) for ch in name):
        return None
    strip = ReadingStrip(editor.review.lang, editor.accept_text)
    editor.area.insertWidget(0, strip)
    strip.offer(name)
    return strip


def choose_name(editor: FieldEditor, name: str, reading: str) -> None:
    """Store the chosen name; the typed reading goes to the reading field of the same person."""
    if editor.target is None:
        return
    ff, person = editor.target
    review = editor.review
    form = review.journey.current_form()
    kana_id = f"{ff.id}_kana"
    if form is not None and reading.strip():
        fields = form.fields if person is None else (form.persons.fields if form.persons is not None else [])
        kana = next((f for f in fields if f.id == kana_id), None)
        if kana is not None:
            members = review.journey.session.members
            known = family_readings([(m.name, m.name_kana) for m in members])
            value = chosen_reading(name, reading, known, loaded_index()) if name != COUNTER_CHECK else \
                to_katakana(" ".join(reading.split())).replace(" ", NAME_SEPARATOR)
            review.journey.session.set_value_everywhere(form.id, kana_id, value, person)
    editor.accept(name)
