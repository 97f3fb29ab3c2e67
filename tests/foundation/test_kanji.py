"""Kanji names by choosing: the index built from the SKK dictionaries Debian ships (skkdic,
skkdic-extra) ranks name candidates for a reading and reaches old and variant forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.kanji import COUNTER_CHECK, KanjiIndex, family_name, load_index


@pytest.fixture(scope="module")
def index() -> KanjiIndex:
    return load_index()


def test_every_dictionary_is_found(index: KanjiIndex) -> None:
    assert index.missing == ()


def test_a_given_name_reading_offers_its_kanji_first(index: KanjiIndex) -> None:
    top = index.candidates("そうた")[:8]
    assert "颯太" in top and "創太" in top and "蒼太" in top
    assert index.candidates("ソウタ") == index.candidates("そうた")  # katakana typed works the same


def test_a_household_family_name_read_from_a_card_comes_first(index: KanjiIndex) -> None:
    household = [family_name("森山　大輔")]
    assert index.candidates("もりやま", household)[0] == "森山"
    assert index.candidates("もりやま", ["守山"])[0] == "守山"  # the household decides, not the dictionary
    assert index.candidates("もりやま そうた", household)[0] == "森山\u3000颯太"
    assert index.candidates("もりやまそうた", household)[:3] == ["森山\u3000颯太", "森山\u3000草太", "森山\u3000相太"]


def test_old_and_variant_forms_are_reachable_character_by_character(index: KanjiIndex) -> None:
    assert "髙" in index.single("たか") and "高" in index.single("たか")
    assert "﨑" in index.single("さき")
    assert "𠮷" in index.single("よし")
    assert "𠮷田" in index.candidates("よしだ") and "髙橋" in index.candidates("たかはし")
    assert index.single("たか").index("髙") == index.single("たか").index("高") + 1  # right after its usual form


def test_a_missing_dictionary_gives_no_candidates_and_a_logged_code(tmp_path: Path, caplog) -> None:
    empty = KanjiIndex.load(tmp_path, tmp_path / "variants.txt")
    assert empty.candidates("そうた") == [] and empty.single("たか") == []
    assert "SKK-JISYO.jinmei" in empty.missing
    assert "kanji.dictionary_missing" in caplog.text


def test_the_counter_check_marker_prints_as_written() -> None:
    from kiosk.catalogue.model import FieldDef
    from kiosk.catalogue.types import field_type

    kind = field_type("name")
    fd = FieldDef(id="person.name", type="name", label={"ja": "氏名"})
    assert kind.print_text(fd, COUNTER_CHECK, "en") == "窓口で確認"
    assert kind.print_text(fd, kind.coerce(fd, "森山　颯太"), "ja") == "森山　颯太"
