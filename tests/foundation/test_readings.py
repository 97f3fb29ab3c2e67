"""Readings of names read from the card (the card holds no reading): the reverse of the SKK
dictionaries and Open JTalk, ranked, family and given name read separately. The confirmed reading
is the person's フリガナ on every sheet with that field (one field definition, a derivation)."""

from __future__ import annotations

import pytest

from kiosk import readings
from kiosk.catalogue import derive, navigator
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.household import Household
from kiosk.kanji import KanjiIndex, load_index


@pytest.fixture(scope="module")
def index() -> KanjiIndex:
    return load_index()


def test_the_reverse_index_gives_the_readings_of_a_written_name(index: KanjiIndex) -> None:
    assert index.readings("森山")[0] == "もりやま"
    assert "だいすけ" in index.readings("大輔")
    assert "そうた" in index.readings("颯太")
    assert index.readings("髙橋") == index.readings("高橋")  # an old form reads as its common form
    assert "たか" in index.readings("高")  # single characters, for names no dictionary holds


def test_a_card_name_reading_both_sources_agree_on_comes_first(index: KanjiIndex) -> None:
    found = readings.name_readings("森山\u3000大輔", index)
    assert found[0].text == "モリヤマ\u3000ダイスケ" and found[0].agreed
    assert len({r.text for r in found}) == len(found)
    assert all(r.text.startswith("モリヤマ\u3000") for r in found)
    # the persona's registered reading is among the candidates of the second adult too
    assert readings.reading_texts("森山\u3000由美", index)[0] == "モリヤマ\u3000ユミ"


def test_family_and_given_name_are_read_separately_and_combined(index: KanjiIndex) -> None:
    found = readings.reading_texts("山﨑\u3000颯太", index)
    assert found[:2] == ["ヤマザキ\u3000ソウタ", "ヤマサキ\u3000ソウタ"]  # 﨑 read as 崎; both spellings offered


def test_without_open_jtalk_the_dictionaries_still_offer_readings(index: KanjiIndex) -> None:
    found = readings.reading_texts("森山\u3000大輔", index, reader=None)
    assert "モリヤマ\u3000ダイスケ" in found
    assert readings.reading_texts("森山\u3000大輔", None)[0] == "モリヤマ\u3000ダイスケ"  # Open JTalk alone


def test_a_name_no_dictionary_holds_is_read_character_by_character(index: KanjiIndex) -> None:
    found = readings.part_readings("颯森", index, reader=None)
    assert found and all(r.dictionary and not r.jtalk for r in found)
    assert readings.reading_texts("Smith\u3000John", index, reader=None) == []  # Latin: typed on the pad
    assert readings.reading_texts("鈴木\u3000はな", index)[0] == "スズキ\u3000ハナ"  # kana is its own reading


def test_the_confirmed_reading_prints_on_every_form_with_a_furigana_field() -> None:
    catalogue: Catalogue = load_catalogue()
    household = Household.from_dict({
        "answers": {"event": "move_in", "move_date": "2026-04-01", "moved_from": "other_prefecture",
                    "household_kind": "new", "household_size": 1, "need_juminhyo": True, "has_dog": False},
        "persons": [{"birth_date": "1986-05-19", "sex": "male", "relationship": "head",
                     "answers": {"nationality": "japanese", "insurance": "none", "pension": "none",
                                 "has_card": True, "seal": True, "care_cert": False, "disability_cert": False}}],
    })
    member = household.members[0]
    member.card = {"name": "森山\u3000大輔", "birth_date": member.birth_date, "sex": "1"}
    member.values["person.name_kana"] = "モリヤマ\u3000ダイスケ"
    forms = navigator.forms_for(catalogue, household)
    with_kana = [f for f in forms if f.persons and any(ff.id == "person.name_kana" for ff in f.persons.fields)]
    assert {f.id for f in with_kana} >= {"juminido", "kokuho", "nenkin", "inkan"}
    for form in with_kana:
        values = derive.prefill(catalogue, form, household)
        assert values.persons[0]["person.name_kana"] == "モリヤマ\u3000ダイスケ", form.id


def test_a_given_name_typed_alone_brings_the_household_family_name_first(index: KanjiIndex) -> None:
    assert index.candidates("はな", ["森山"])[:2] == ["森山\u3000花", "森山\u3000華"]
    assert index.candidates("もりやま", ["森山"])[0] == "森山"  # the family name alone stays first
    assert index.candidates("はな")[0] == "花"  # no household: the given name alone


def test_the_reading_of_a_chosen_name_has_the_family_names_reading(index: KanjiIndex) -> None:
    known = readings.family_readings([("森山\u3000大輔", "モリヤマ\u3000ダイスケ"), ("森山\u3000花", None)])
    assert known == {"森山": "もりやま"}
    assert readings.chosen_reading("森山\u3000花", "はな", known, index) == "モリヤマ\u3000ハナ"
    assert readings.chosen_reading("森山\u3000颯太", "もりやまそうた", known, index) == "モリヤマ\u3000ソウタ"
    assert readings.chosen_reading("森山\u3000颯太", "もりやま そうた", {}, index) == "モリヤマ\u3000ソウタ"
    assert readings.chosen_reading("颯太", "そうた", known, index) == "ソウタ"
