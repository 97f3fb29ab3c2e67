"""Households that used to get the wrong procedure list: each is a test household with the list
the law asks for (the issue "Right in law and on paper", navigator section)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import derive, navigator
from kiosk.catalogue.navigator import forms_for, procedures_for
from kiosk.household import Member
from kiosk.session import ResidentSession


def household(event, persons, **answers):
    """The household of a resident session, as the kiosk holds it (move on 1 April 2026); the
    questions that do not matter here are answered "no" (answers to questions that are not
    relevant are ignored by the navigator)."""
    session = ResidentSession()
    session.answers.update({
        "event": event, "move_date": dt.date(2026, 4, 1), "household_kind": "new", "household_size": len(persons),
        "need_juminhyo": False, "has_dog": False, **answers,
    })
    session.members.extend(persons)
    session.members_confirmed = True
    return session.household


def member(birth, relationship="head", sex="male", **answers):
    answers = {"nationality": "japanese", "has_card": False, "care_cert": False, "disability_cert": False,
               "seal": False, "pregnant": False, **answers}
    return Member(relationship=relationship, source="manual", answers=answers,
                  values={"person.birth_date": dt.date.fromisoformat(birth), "person.sex": {"male": "1", "female": "2"}[sex]})


def ids(items):
    return [item.id for item in items]


HOUSEHOLDS = {
    # 介護保険法36条: the old town issues the 受給資格証明書, the new town wants it within 14 days.
    "moving out at 78 with a care certification": (
        household("move_out", [member("1947-10-02", nationality="japanese", care_cert=True, has_card=True)]),
        ["tenshutsu", "kouki", "kaigo_tenshutsu"],
    ),
    # 国民健康保険法6条・9条: leaving the employer's insurance means joining 国保 within 14 days.
    "moving within the town after the workplace insurance ended": (
        household("move_within", [member("1984-07-21", nationality="japanese", insurance="none", pension="none")]),
        ["tenkyo", "kokuho", "nenkin"],
    ),
    # 国民年金法7条: a 第3号 needs a 第2号 partner; with the head out of work both are 第1号.
    "head left his job, spouse still answers 第3号": (
        household("move_in", [
            member("1978-03-14", insurance="none", pension="none"),
            member("1980-11-30", "spouse", "female", insurance="none", pension="dependent_spouse"),
        ], moved_from="same_prefecture"),
        ["tennyu", "kokuho", "nenkin"],
    ),
    # 介護保険法9条: from 65 a 第1号被保険者 of the new town; no form (the 転入届 counts), card by post.
    "moving in at 68 without a certification": (
        household("move_in", [member("1957-09-09", insurance="kokuho", care_cert=False)], moved_from="other_prefecture"),
        ["tennyu", "kokuho", "kaigo_shikaku"],
    ),
    # 児童手当 ends (消滅), the 子ども医療証 goes back, the school gives the 転校 papers.
    "moving out with children": (
        household("move_out", [
            member("1986-05-05", insurance="employee", pension="employee"),
            member("1988-01-12", "spouse", "female", insurance="employee", pension="dependent_spouse"),
            member("2017-06-01", "child", "female", insurance="employee"),
            member("2024-02-10", "child", insurance="employee"),
        ]),
        ["tenshutsu", "jidoteate_tenshutsu", "kodomo_iryo_tenshutsu", "gakko_tenshutsu"],
    ),
}


@pytest.mark.parametrize("name", list(HOUSEHOLDS))
def test_household_gets_the_procedures_the_law_asks_for(catalogue, name):
    home, expected = HOUSEHOLDS[name]
    assert navigator.pending(catalogue, home) == [], f"{name}: every relevant question is answered"
    assert ids(procedures_for(catalogue, home)) == expected


def test_guidance_entries_need_no_form(catalogue):
    """The new entries are guidance only: listed, with texts, and nothing to print."""
    for pid in ("kaigo_shikaku", "kaigo_tenshutsu", "jidoteate_tenshutsu", "kodomo_iryo_tenshutsu", "gakko_tenshutsu"):
        procedure = catalogue.procedures[pid]
        assert procedure.forms == ()
        assert all(procedure.guidance[lang] and procedure.title[lang] for lang in catalogue.languages)
    home, _ = HOUSEHOLDS["moving in at 68 without a certification"]
    assert "郵送" in catalogue.procedures["kaigo_shikaku"].guidance["ja"]
    assert ids(forms_for(catalogue, home)) == ["juminido", "kokuho"]
    home, _ = HOUSEHOLDS["moving out at 78 with a care certification"]
    assert "受給資格証明書" in catalogue.procedures["kaigo_tenshutsu"].guidance["ja"]
    assert "14日" in catalogue.procedures["kaigo_tenshutsu"].guidance["ja"]


def test_contradicted_third_category_spouse_gets_a_row_on_the_pension_form(catalogue):
    home, _ = HOUSEHOLDS["head left his job, spouse still answers 第3号"]
    form = catalogue.forms["nenkin"]
    assert navigator.form_rows(catalogue, form, home) == [0, 1]
    filled = derive.prefill(catalogue, form, home)
    assert len(filled.persons) == 2


def test_third_category_spouse_of_an_employee_is_trusted(catalogue):
    """The cross-check only overrides a contradicted answer: with a 第2号 partner (answered, or
    read from the employer insurance at 60–69) the 第3号 spouse stays 第3号."""
    working = household("move_in", [
        member("1978-03-14", insurance="employee", pension="employee"),
        member("1980-11-30", "spouse", "female", insurance="employee", pension="dependent_spouse"),
    ], moved_from="same_prefecture")
    assert "nenkin" not in ids(procedures_for(catalogue, working))
    older = household("move_in", [
        member("1963-03-14", insurance="employee"),
        member("1970-11-30", "spouse", "female", insurance="employee", pension="dependent_spouse"),
    ], moved_from="same_prefecture")
    assert "nenkin" not in ids(procedures_for(catalogue, older))
    assert navigator.State(catalogue, older).person_answers[1]["pension"] == "dependent_spouse"


def test_moving_within_the_town_on_kokuho_needs_no_kokuho_form(catalogue):
    """Only the person who left the employer's insurance is listed on the 国保 form at 転居."""
    home = household("move_within", [
        member("1984-07-21", insurance="none", pension="none"),
        member("1950-01-01", "father", insurance="kokuho"),
    ])
    assert navigator.form_rows(catalogue, catalogue.forms["kokuho"], home) == [0]
