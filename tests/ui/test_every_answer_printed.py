"""Every answer the kiosk asked reaches the sheet that needs it (issue #15 item 4), and the reading
of a card name is confirmed with one tap (item 2). The reference journey is played through the real
widgets, the real virtual cards (pcscd + vpcd) and the operations runner, up to the confirm
screen; then every field of every form of the session is read as its sheet prints it.

What may print blank: only what the law wants handwritten (signature, seal) and what the resident
chose to leave to the counter (printed 窓口で確認, so not blank). ``NEITHER_ASKED_NOR_ON_CARD``: items neither the
navigator asks nor the card holds, for this household; each is checked to have no card binding
and no derivation (a field the kiosk knows how to fill can never hide in this set).
Run under ``script/with-services``."""

from __future__ import annotations

from kiosk import measures
from kiosk.catalogue.model import Form
from kiosk.journey import Screen
from kiosk.kanji import NAME_SEPARATOR
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.reading_picker import ReadingStrip

from .helpers import reference_player

# Neither asked by the navigator nor on the card (kiosk/measures.py says why, item by item).
NEITHER_ASKED_NOR_ON_CARD = measures.NOT_ASKED


def _play_to_confirm(setup) -> Autoplay:
    player = reference_player(setup, "ja", typed=reference.NEW_ADDRESS)
    player.play_to_confirm()
    return player


def _session_items(window) -> list[tuple[Form, object]]:
    journey = window.journey
    return [(form, journey.session.form_values[form.id]) for form in journey.forms()]


def test_every_field_the_navigator_asked_or_the_card_holds_is_printed(kiosk_setup) -> None:
    window = kiosk_setup.kiosk.window
    assert len(kiosk_setup.cards) == 2, "run under script/with-services: the adults are read from cards"
    _play_to_confirm(kiosk_setup)
    assert window.journey.screen is Screen.CONFIRM
    items = _session_items(window)
    forms = {form.id for form, _ in items}
    assert {"juminido", "kokuho", "jidoteate", "inkan"} <= forms
    for form, _ in items:  # the excused items are ones the kiosk has no way to fill
        for ff in form.all_fields():
            if ff.id in NEITHER_ASKED_NOR_ON_CARD:
                assert ff.field.card is None and ff.field.derive is None, ff.id
    printed = measures.session_fields(items)
    blank = measures.blanks(printed, NEITHER_ASKED_NOR_ON_CARD)
    assert not blank, " ".join(p.where() for p in blank)
    # the answers the issue found missing: the phone typed once, the 年金 answer, the readings
    by_field: dict[str, set[str]] = {}
    for p in printed:
        by_field.setdefault(p.field_id, set()).add(p.text)
    assert by_field["filer.phone"] == {"090-9999-0000"}  # printed grouped; kept (and encoded) as typed:
    assert {values.household["filer.phone"] for _form, values in items if "filer.phone" in values.household} == {
        "09099990000"}
    assert by_field["claimant.pension"] == {"国民年金"}
    juminido = next(values for form, values in items if form.id == "juminido")
    assert [row["person.name_kana"] for row in juminido.persons] == [
        "モリヤマ\u3000ダイスケ", "モリヤマ\u3000ユミ", "モリヤマ\u3000ハナ", "モリヤマ\u3000ソウタ"]
    # 0 names in kana where the law wants kanji: the children were chosen in kanji
    assert [row["person.name"] for row in juminido.persons][2:] == list(reference.CHILD_NAMES)
    assert measures.kana_names(printed) == []
    # handwritten boxes stay for the hand
    assert any(p.handwrite for p in printed)


def test_the_card_names_reading_is_offered_and_one_tap_confirms_it(kiosk_setup) -> None:
    """After the PIN, while the card is taken out, the reading both the dictionaries and Open
    JTalk give comes first; one tap confirms it and it becomes the person's フリガナ."""
    window = kiosk_setup.kiosk.window
    player = _play_to_confirm(kiosk_setup)
    del player
    members = window.journey.session.members
    assert [m.name_kana for m in members[:2]] == ["モリヤマ\u3000ダイスケ", "モリヤマ\u3000ユミ"]
    card_screen = window.screens[Screen.CARD]
    assert card_screen.reading.candidates[0].split(NAME_SEPARATOR)[0] == "モリヤマ"


def test_a_reading_not_chosen_at_the_card_is_offered_again_on_review(kiosk_setup) -> None:
    """The card was taken out before a reading was chosen: the フリガナ row on review offers the
    same candidates above the katakana pad; one tap fills it on every sheet of that person."""
    window = kiosk_setup.kiosk.window
    player = reference_player(kiosk_setup, "ja", typed=reference.NEW_ADDRESS,
                              confirm_readings=False)
    player.play_to_confirm(stop_at_review=True)
    journey = window.journey
    assert journey.screen is Screen.REVIEW and journey.current_form().id == "juminido"
    assert journey.session.members[0].name_kana is None
    screen = window.current_screen()
    player.wait(lambda: screen.page is None or screen.page.complete, "review rows")
    player.click(player.find("edit-0-person.name_kana"))
    strip = screen.editor.findChild(ReadingStrip)
    assert strip is not None
    player.wait(lambda: strip.ready, "reading candidates")
    assert strip.candidates[0] == "モリヤマ\u3000ダイスケ"
    player.click(strip.buttons[0])
    session = journey.session
    assert session.members[0].name_kana == "モリヤマ\u3000ダイスケ"
    rows = {fid: session.form_rows[fid] for fid in session.form_values}
    kana = [values.persons[rows[fid].index(0)].get("person.name_kana")
            for fid, values in session.form_values.items() if 0 in rows[fid]
            and "person.name_kana" in values.persons[rows[fid].index(0)]]
    assert len(kana) >= 3 and set(kana) == {"モリヤマ\u3000ダイスケ"}
