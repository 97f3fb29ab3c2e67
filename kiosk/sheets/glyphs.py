"""Characters the printer fonts cannot draw as written (外字 such as 𠮷, a name with a variation
selector): found before printing so the review screen can say so. The sheet prints 〓 (or the
base character of a variant) with a note beside the field; the KS1 code carries the exact text."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import i18n
from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.sheets.draw import foreign_row, printed_text, use_fonts
from printing import fonts


@dataclass(frozen=True)
class Unprintable:
    """One field whose printed text has characters the fonts cannot draw as written."""

    field_id: str
    label: str  # the official (Japanese) label
    row: int | None  # person row, None for a household field
    characters: tuple[str, ...]  # each character, or base + variation selector


def unprintable_characters(text: str) -> list[str]:
    """What of ``text`` the sheet cannot print as written, each once, in order."""
    use_fonts()
    return fonts.missing(text, fonts.chain("ja"))


def _check(ff: FormField, value: object, row: int | None, foreign: bool) -> Unprintable | None:
    if value is None or ff.handwrite or ff.field.kind.is_my_number:
        return None
    found = unprintable_characters(printed_text(ff, value, foreign=foreign))
    if not found:
        return None
    return Unprintable(ff.id, ff.field.label.get("ja", ff.id), row, tuple(found))


def unprintable(form: Form, values: FormValues) -> list[Unprintable]:
    """Every field of ``values`` whose printed text the fonts cannot draw as written."""
    out = [u for ff in form.fields if (u := _check(ff, values.household.get(ff.id), None, False))]
    if form.persons:
        for row, person in enumerate(values.persons):
            foreign = foreign_row(person)
            out += [u for ff in form.persons.fields if (u := _check(ff, person.get(ff.id), row, foreign))]
    return out


def review_notice(form: Form, values: FormValues, lang: str) -> str:
    """The review screen's notice in ``lang`` (empty when every character prints)."""
    found = unprintable(form, values)
    if not found:
        return ""
    labels = "、".join(dict.fromkeys(u.label for u in found))
    characters = " ".join(dict.fromkeys(c for u in found for c in u.characters))
    return i18n.text("print.review_unprintable", lang, fields=labels, chars=characters)
