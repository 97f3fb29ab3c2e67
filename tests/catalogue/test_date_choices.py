"""Dates by choosing (issue #15 measures): the move date question offers the days the law leaves as
one-tap answers — 転入・転居 within 14 days of the move (住民基本台帳法22条・23条), 転出 up to 14
days before it — as data in forms/navigator.yaml (``choices``) that ``kiosk forms check`` validates;
and the items nobody asks at the kiosk are either derived (the filer's address) or printed 窓口で確認
by their field's ``counter_check`` flag, never "—"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from catalogue_helpers import edit_yaml

from kiosk import i18n, measures
from kiosk.catalogue import derive, navigator
from kiosk.catalogue.loader import check_catalogue, load_catalogue
from kiosk.catalogue.model import Catalogue, Question
from kiosk.catalogue.types.dates import day_button, day_label
from kiosk.household import Household
from kiosk.kanji import COUNTER_CHECK

TODAY = dt.date(2026, 11, 30)  # a Monday
LOCATED = re.compile(r"^forms/[\w/.-]+\.yaml:\d+(: | \S.*?: )\S")


def _move_date(catalogue: Catalogue) -> Question:
    return next(q for q in catalogue.questions if q.id == "move_date")


def _household(event: str, **answers: object) -> Household:
    return Household(answers={"event": event, **answers}, reference_date=TODAY)


@pytest.mark.parametrize("event", ["move_in", "move_within"])
def test_moving_in_offers_today_and_the_14_days_before_nearest_first(catalogue: Catalogue, event: str) -> None:
    days = navigator.date_choices(catalogue, _household(event), _move_date(catalogue))
    assert days[:3] == (TODAY, TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=2))
    assert len(days) == 15 and min(days) == TODAY - dt.timedelta(days=14) and max(days) == TODAY


def test_moving_out_offers_today_and_the_14_days_after(catalogue: Catalogue) -> None:
    days = navigator.date_choices(catalogue, _household("move_out"), _move_date(catalogue))
    assert days[:2] == (TODAY, TODAY + dt.timedelta(days=1))
    assert len(days) == 15 and max(days) == TODAY + dt.timedelta(days=14) and min(days) == TODAY


def test_the_window_is_relative_to_today_not_to_a_move_date_answered_before(catalogue: Catalogue) -> None:
    """Back to the question after answering it: the same days, the answer among them."""
    answered = TODAY - dt.timedelta(days=5)
    days = navigator.date_choices(catalogue, _household("move_in", move_date=answered), _move_date(catalogue))
    assert days[0] == TODAY and answered in days


def test_other_questions_offer_no_days(catalogue: Catalogue) -> None:
    event = next(q for q in catalogue.questions if q.id == "event")
    assert navigator.date_choices(catalogue, _household("move_in"), event) == ()


def test_labels_name_the_day_in_the_residents_language_and_the_date_types_calendar() -> None:
    def label(day: dt.date, lang: str) -> str:  # the full name: screen readers and speech
        return day_label(day, TODAY, lang, lambda key: i18n.text(key, lang))

    def shown(day: dt.date, lang: str) -> str:  # what the button shows
        return day_button(day, TODAY, lang, lambda key: i18n.text(key, lang))

    assert label(TODAY, "ja") == "今日 令和8年11月30日 (月)"
    assert label(TODAY - dt.timedelta(days=1), "ja") == "昨日 令和8年11月29日 (日)"
    assert label(TODAY - dt.timedelta(days=2), "ja") == "令和8年11月28日 (土)"
    assert label(TODAY + dt.timedelta(days=1), "en") == "Tomorrow 2026-12-01 (Tue)"
    assert label(TODAY, "pt-BR") == "Hoje 2026-11-30 (seg)"
    assert label(TODAY, "ja-easy") == "きょう 令和8年11月30日 (げつ)"  # やさしい日本語: its words in kana
    assert shown(TODAY, "ja") == "今日 (月)\n11月30日"
    assert shown(TODAY - dt.timedelta(days=2), "ja") == "(土)\n11月28日"
    assert shown(TODAY - dt.timedelta(days=2), "ja-easy") == "(ど)\n11/28"  # no kanji without its reading
    assert shown(TODAY + dt.timedelta(days=1), "en") == "Tomorrow (Tue)\n2026-12-01"
    # across the new year the year is shown, in the date type's calendar
    assert shown(dt.date(2027, 1, 2), "ja") == "(土)\n令和9年1月2日"


@pytest.mark.parametrize(("window", "message"), [
    ({"from": 3, "to": -3}, "from (3) is after to (-3)"),
    ({"from": -60, "to": 0}, "at most 31 days"),
])
def test_forms_check_refuses_a_window_that_cannot_be_buttons(forms_copy, window, message) -> None:
    edit_yaml(forms_copy / "navigator.yaml",
              lambda d: next(q for q in d["questions"] if q["id"] == "move_date").update(choices=[window]))
    problems = check_catalogue(forms_copy)
    assert any("navigator.yaml" in p and "choices" in p and message in p for p in problems), problems
    assert all(LOCATED.match(p) for p in problems)


def test_forms_check_refuses_days_on_a_question_that_is_not_a_date(forms_copy) -> None:
    edit_yaml(forms_copy / "navigator.yaml",
              lambda d: next(q for q in d["questions"] if q["id"] == "event").update(choices=[{"from": 0, "to": 1}]))
    problems = check_catalogue(forms_copy)
    assert any("navigator.yaml" in p and "belong to date questions" in p for p in problems), problems


def test_forms_check_reads_the_windows_condition(forms_copy) -> None:
    def change(d: dict) -> None:
        q = next(q for q in d["questions"] if q["id"] == "move_date")
        q["choices"][0]["when"] = "answers.evnt == 'move_out'"

    edit_yaml(forms_copy / "navigator.yaml", change)
    problems = check_catalogue(forms_copy)
    assert any("navigator.yaml" in p and "choices" in p and "evnt" in p for p in problems), problems


# -- no "—" the resident did not choose -------------------------------------------------------

def _family(event: str = "move_in") -> Household:
    household = Household.from_dict({
        "answers": {"event": event, "move_date": TODAY - dt.timedelta(days=3), "moved_from": "other_prefecture",
                    "household_kind": "new", "household_size": 3},
        "persons": [
            {"birth_date": "1989-06-15", "sex": "male", "relationship": "head", "answers": {"has_card": True}},
            {"birth_date": "1991-02-03", "sex": "female", "relationship": "spouse"},
            {"birth_date": "2016-11-08", "sex": "male", "relationship": "child", "answers": {"school": "elementary"}},
        ],
    })
    household.reference_date = TODAY
    household.members[0].card = {"name": "架空\u3000一郎", "address": "架空県あおば市本町一丁目2番3号",
                                 "birth_date": dt.date(1989, 6, 15), "sex": "1"}  # invented
    return household


def _prefilled(catalogue: Catalogue, household: Household, form_id: str, typed: dict[str, str]):
    form = catalogue.forms[form_id]
    values = derive.prefill(catalogue, form, household)
    values.household.update({k: v for k, v in typed.items() if k in values.household})
    derive.update_derived(catalogue, form, household, values)  # as the journey carries them
    return form, values


def test_the_filers_address_is_the_households_new_address(catalogue: Catalogue) -> None:
    _form, values = _prefilled(catalogue, _family(), "juminido", {"address.new": "架空県みどり市中町4-5"})
    assert values.household["filer.address"] == "架空県みどり市中町4-5"


def test_the_filers_address_waits_for_the_block_after_the_postal_codes_town(catalogue: Catalogue) -> None:
    """The postal code fills the town; the filer's address is not that half address, but the whole
    one once the block is typed (the review screen carries the derivations after each entry)."""
    family, form = _family(), catalogue.forms["juminido"]
    values = derive.prefill(catalogue, form, family)
    town = derive.lookup_postal_code("1000001")
    assert town is not None
    values.household.update({"address.new_postal_code": "1000001", "address.new": "".join(town)})
    derive.update_derived(catalogue, form, family, values)
    assert values.household["filer.address"] is None
    values.household["address.new"] = "".join(town) + "1-2-3"
    derive.update_derived(catalogue, form, family, values)
    assert values.household["filer.address"] == "".join(town) + "1-2-3"


def test_moving_out_the_filers_address_is_the_current_one(catalogue: Catalogue) -> None:
    _form, values = _prefilled(catalogue, _family("move_out"), "juminido", {})
    assert values.household["filer.address"] == "架空県あおば市本町一丁目2番3号"


def test_a_proxy_leaves_the_filers_address_to_the_counter(catalogue: Catalogue) -> None:
    family = _family()
    form = catalogue.forms["juminido"]
    values = derive.prefill(catalogue, form, family)
    values.household["filer.relationship"] = "proxy"
    values.household["filer.address"] = None
    derive.update_derived(catalogue, form, family, values)
    assert values.household["filer.address"] is None


@pytest.mark.parametrize(("form_id", "field_id"), [("gakko", "person.school_prev"), ("jidoteate", "spouse.occupation")])
def test_items_left_to_the_counter_print_as_such_not_blank(catalogue: Catalogue, form_id: str, field_id: str) -> None:
    assert catalogue.fields[field_id].counter_check
    form, values = _prefilled(catalogue, _family(), form_id, {})
    printed = [p for p in measures.printed_fields(form, values) if p.field_id == field_id]
    assert printed and all(p.text == COUNTER_CHECK and p.counter_check and not p.blank for p in printed)
    assert field_id not in measures.NOT_ASKED


def test_forms_check_refuses_counter_check_with_a_default_or_on_a_date(forms_copy) -> None:
    def change(d: dict) -> None:
        fields = {f["id"]: f for f in d["fields"]}
        fields["spouse.occupation"]["default"] = "会社員"
        fields["move.date"]["counter_check"] = True

    edit_yaml(forms_copy / "fields.yaml", change)
    problems = check_catalogue(forms_copy)
    assert any("fields.yaml" in p and "counter_check" in p and "no default" in p for p in problems), problems
    assert any("fields.yaml" in p and "counter_check" in p and "not a date" in p for p in problems), problems


def test_the_shipped_catalogue_loads_with_its_windows() -> None:
    assert _move_date(load_catalogue()).choices
