"""The review editor's link to the town's postal areas: a postal code whose field is ``within_town``
(its type says so) gets the areas of ``municipality.postal_area_code`` above its number pad;
choosing one stores its code, and the address then follows from it as from a typed code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.keypads import Keypad
from kiosk.ui.town_picker import TownStrip

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.field_editor import FieldEditor


def attach_town(editor: FieldEditor, pad: Keypad) -> TownStrip | None:
    """Put the town's areas above ``pad`` when the field edited is a postal code inside the town."""
    if editor.target is None:
        return None
    fd = editor.target[0].field
    if not fd.kind.offers_town_areas(fd):
        return None
    kiosk = editor.review.kiosk
    strip = next((s for s in editor.kept_strips if isinstance(s, TownStrip) and s.pad is pad), None)
    if strip is None:  # one above the postal code's pad, kept across fields and sessions
        strip = TownStrip(pad, editor.review.lang, kiosk.config.municipality.postal_areas, editor.accept,
                          kiosk.tapped)
        editor.kept_strips.append(strip)
    else:
        strip.reuse(editor.review.lang)
    strip.place_in(editor.area)
    editor.kanji = strip
    return strip
