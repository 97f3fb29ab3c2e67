"""The measures of a session's sheets (issue #15): what counts as blank, the paper characters,
names in kana where the law wants kanji, and the KLM estimate."""

from __future__ import annotations

import datetime as dt

from kiosk import measures
from kiosk.catalogue import derive, navigator
from kiosk.catalogue.loader import load_catalogue
from kiosk.household import Household
from kiosk.kanji import COUNTER_CHECK


def _juminido():
    catalogue = load_catalogue()
    household = Household.from_dict({
        "answers": {"event": "move_in", "move_date": "2026-04-01", "moved_from": "other_prefecture",
                    "household_kind": "new", "household_size": 2, "need_juminhyo": False, "has_dog": False},
        "persons": [{"birth_date": "1986-05-19", "sex": "male", "relationship": "head",
                     "answers": {"nationality": "japanese", "insurance": "kokuho", "pension": "national",
                                 "has_card": True, "seal": False, "care_cert": False, "disability_cert": False}},
                    {"birth_date": "2021-09-20", "sex": "female", "relationship": "child",
                     "answers": {"nationality": "japanese", "insurance": "kokuho", "has_card": False,
                                 "disability_cert": False}}],
    })
    household.members[0].card = {"name": "森山\u3000大輔", "birth_date": dt.date(1986, 5, 19), "sex": "1",
                                 "address": "架空県あおば市本町一丁目2番3号"}
    form = next(f for f in navigator.forms_for(catalogue, household) if f.id == "juminido")
    return form, derive.prefill(catalogue, form, household)


def test_a_field_printed_as_a_dash_is_blank_and_the_signature_is_not() -> None:
    form, values = _juminido()
    printed = {p.where(): p for p in measures.printed_fields(form, values)}
    assert printed["juminido:filer.phone"].blank  # nothing typed yet: printed "—"
    assert not printed["juminido:filer.signature"].blank  # the law wants it by hand
    assert printed["juminido:person.name_kana[0]"].blank  # no reading confirmed yet
    values.household["filer.phone"] = "09099990000"
    values.persons[0]["person.name_kana"] = "モリヤマ\u3000ダイスケ"
    values.persons[1]["person.name"] = COUNTER_CHECK  # left to the counter: printed so, not blank
    again = {p.where(): p for p in measures.printed_fields(form, values)}
    # as the sheet prints it, 090-9999-0000: the digits and the hyphens a resident writes on paper
    assert not again["juminido:filer.phone"].blank and again["juminido:filer.phone"].paper_characters == 13
    assert again["juminido:person.name[1]"].counter_check and not again["juminido:person.name[1]"].blank
    assert measures.paper_characters(again.values()) > measures.paper_characters(printed.values())


def test_a_name_in_kana_where_the_law_wants_kanji_is_counted() -> None:
    form, values = _juminido()
    values.persons[1]["person.name"] = "モリヤマ\u3000ハナ"
    assert [p.where() for p in measures.kana_names(measures.printed_fields(form, values))] == ["juminido:person.name[1]"]
    values.persons[1]["person.name"] = "森山\u3000花"
    assert measures.kana_names(measures.printed_fields(form, values)) == []


def test_the_klm_estimate_adds_the_documented_operators() -> None:
    effort = measures.Effort(taps=2, typed=10, screens=3)
    expected = 2 * (measures.KLM_M + measures.KLM_P) + 10 * (measures.KLM_K + measures.KLM_P / 2) + 3 * measures.KLM_H
    assert abs(effort.klm_seconds() - expected) < 1e-9
