"""The household navigator: relevant questions only, and the procedure list for typical households."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import navigator
from kiosk.catalogue.navigator import (
    Household,
    forms_for,
    next_question,
    pending,
    procedures_for,
    visible_questions,
)
from kiosk.errors import ValidationError
from kiosk.household import Member
from kiosk.session import ResidentSession


def household(event="move_in", persons=(), **answers):
    """The household of a resident session: its own answers and members, as the kiosk holds them."""
    session = ResidentSession()
    session.answers.update({"event": event, "move_date": dt.date(2026, 4, 1), **answers})
    session.members.extend(persons)
    session.members_confirmed = True
    return session.household


def adult(birth="1990-05-01", **answers):
    """A member entered by hand on the members screen (ISO 5218 sex code, as the sex buttons give)."""
    sex = {"male": "1", "female": "2"}[answers.pop("sex", "male")]
    return Member(relationship=answers.pop("relationship", "head"), source="manual", answers=answers,
                  values={"person.birth_date": dt.date.fromisoformat(birth), "person.sex": sex})


def ids(items):
    return [item.id for item in items]


# The test table of the navigator: household → procedures (in catalogue order).
TABLE = {
    "single adult": (
        household(persons=[adult(nationality="japanese", insurance="employee", pension="employee", has_card=True)], need_juminhyo=True),
        ["tennyu", "mynumber_card", "juminhyo"],
    ),
    "family of four on kokuho with a school-age child": (
        household(
            moved_from="other_prefecture",
            persons=[
                adult("1989-06-15", insurance="kokuho", pension="national", has_card=True, seal=True),
                adult("1991-02-03", sex="female", relationship="spouse", insurance="kokuho", pension="national", has_card=True),
                adult("2021-09-20", relationship="child", insurance="kokuho"),
                adult("2016-11-08", relationship="child", insurance="kokuho", school="elementary"),
            ],
        ),
        ["tennyu", "mynumber_card", "kokuho", "jidoteate", "kodomo_iryo", "gakko", "inkan"],
    ),
    "75+ couple": (
        household(
            moved_from="other_prefecture",
            persons=[adult("1948-03-30", has_card=True, care_cert=True), adult("1950-07-14", sex="female", relationship="spouse", care_cert=False)],
        ),
        # the spouse without a certification is a 第1号被保険者 of the town from 65 (guidance only)
        ["tennyu", "mynumber_card", "kouki", "kaigo", "kaigo_shikaku"],
    ),
    "foreign resident family": (
        household(
            persons=[
                adult("1985-01-20", nationality="resident_card", insurance="none", pension="none"),
                adult("1987-08-09", sex="female", relationship="spouse", nationality="resident_card", insurance="none", pension="none"),
                adult("2013-05-30", sex="female", relationship="child", nationality="resident_card", insurance="none", school="junior_high"),
            ],
        ),
        ["tennyu", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "gakko", "zairyu"],
    ),
    "pregnant resident": (
        household(persons=[adult("1995-04-18", sex="female", insurance="employee", pension="employee", pregnant=True)]),
        ["tennyu", "ninpu"],
    ),
    "moving within the town": (
        household("move_within", persons=[adult(insurance="kokuho", has_card=True, disability_cert=True)], has_dog=True),
        ["tenkyo", "mynumber_card", "shogai_techo", "inu"],
    ),
    "moving out": (
        household("move_out", persons=[adult(insurance="kokuho", pension="national", has_card=True, seal=True)]),
        ["tenshutsu", "kokuho"],
    ),
}


@pytest.mark.parametrize("name", list(TABLE))
def test_procedures_for_household(catalogue, name):
    home, expected = TABLE[name]
    assert ids(procedures_for(catalogue, home)) == expected


def test_forms_for_family_of_four(catalogue):
    home, _ = TABLE["family of four on kokuho with a school-age child"]
    assert ids(forms_for(catalogue, home)) == ["juminido", "mynumber_card", "kokuho", "jidoteate", "kodomo_iryo", "gakko", "inkan"]


def test_person_rows_follow_the_forms_condition(catalogue):
    home, _ = TABLE["family of four on kokuho with a school-age child"]
    assert navigator.form_rows(catalogue, catalogue.forms["gakko"], home) == [3]
    assert navigator.form_rows(catalogue, catalogue.forms["jidoteate"], home) == [2, 3]
    assert navigator.form_rows(catalogue, catalogue.forms["juminido"], home) == [0, 1, 2, 3]
    assert navigator.form_rows(catalogue, catalogue.forms["inkan"], home) == [0]


def test_samples_give_the_expected_procedures(catalogue):
    expected = {
        "family_of_four": ["tennyu", "mynumber_card", "kokuho", "jidoteate", "kodomo_iryo", "gakko", "inkan", "juminhyo"],
        "single_adult": ["tennyu", "mynumber_card", "juminhyo"],
        "elderly_couple": ["tennyu", "mynumber_card", "kouki", "kaigo", "kaigo_shikaku", "inu"],
        "foreign_family": ["tennyu", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "gakko", "juminhyo", "zairyu"],
        "pregnant_resident": ["tennyu", "mynumber_card", "ninpu"],
        "move_within": ["tenkyo", "mynumber_card", "shogai_techo"],
        "move_out": ["tenshutsu", "kokuho"],
    }
    assert set(catalogue.samples) == set(expected)
    for name, procedures in expected.items():
        home = Household.from_dict(catalogue.samples[name])
        assert ids(procedures_for(catalogue, home)) == procedures, name
        assert pending(catalogue, home) == [], f"{name} answers every relevant question"


def test_family_of_four_sample_is_the_reference_household(catalogue):
    home = Household.from_dict(catalogue.samples["family_of_four"])
    views = [home.person_view(i) for i in range(4)]
    assert [v["age"] for v in views] == [36, 35, 4, 9]
    assert [v["insurance"] for v in views[:2]] == ["kokuho", "kokuho"]
    assert home.answers["event"] == "move_in" and home.answers["moved_from"] != "abroad"


def test_questions_only_when_relevant(catalogue):
    home = household(persons=[adult("1948-01-01"), adult("2020-01-01", relationship="child")])
    asked = {(q.id, person) for q, person in pending(catalogue, home)}
    assert ("insurance", 0) not in asked  # 75+: 後期高齢者医療, no insurance question
    assert ("insurance", 1) in asked
    assert ("pension", 0) not in asked and ("pension", 1) not in asked  # not 20–59
    assert ("care_cert", 0) in asked and ("care_cert", 1) not in asked
    assert ("school", 1) in asked  # born January 2020: first grade in April 2026
    assert ("seal", 0) in asked and ("seal", 1) not in asked  # seal registration from 15
    assert ("pregnant", 0) not in asked  # a male person
    assert ("moved_from", None) in asked


def test_school_question_for_school_age_children(catalogue):
    """First grade in April 2026: born 2 April 2019 to 1 April 2020 (学齢; 1 April counts as earlier)."""
    home = household(persons=[adult("2020-04-01", relationship="child"), adult("2020-04-02", relationship="child")])
    asked = {(q.id, person) for q, person in pending(catalogue, home)}
    assert ("school", 0) in asked
    assert ("school", 1) not in asked
    persons = navigator.environment(catalogue, home)["persons"]
    assert [p["school_age"] for p in persons] == [6, 5]


def test_moving_out_asks_no_move_in_questions(catalogue):
    home = household("move_out", persons=[adult()])
    visible = ids(visible_questions(catalogue, home))
    assert "moved_from" not in visible and "household_kind" not in visible and "seal" not in visible


def test_answers_of_hidden_questions_are_ignored(catalogue):
    """An answer left over from an earlier choice must not trigger procedures."""
    home = household("move_out", persons=[adult(seal=True, school="elementary")])
    assert "inkan" not in ids(procedures_for(catalogue, home))


def test_next_question_order(catalogue):
    home = Household(members=[Member(values={"person.birth_date": dt.date(1990, 1, 1)}), Member(stated_age=8)])
    q, person = next_question(catalogue, home)
    assert (q.id, person) == ("event", None)
    navigator.answer(home, q, "move_in")
    navigator.answer(home, catalogue.question("move_date"), "2026-04-01")
    order = [(q.id, p) for q, p in pending(catalogue, home)]
    first_person = order.index(("nationality", 0))
    assert all(p is None for _, p in order[:first_person])
    assert order[first_person - 1] == ("has_dog", None)
    persons = [p for _, p in order if p is not None]
    assert persons == sorted(persons), "each person's questions together"


def test_answers_are_checked(catalogue):
    home = household(persons=[adult()])
    with pytest.raises(ValidationError) as info:
        navigator.answer(home, catalogue.question("event"), "move_sideways")
    assert info.value.key == "catalogue.not_an_option"
    with pytest.raises(ValidationError):
        navigator.answer(home, catalogue.question("has_dog"), "yes")
    with pytest.raises(ValidationError):
        navigator.answer(home, catalogue.question("household_size"), 9)
    with pytest.raises(ValidationError):
        navigator.answer(home, catalogue.question("seal"), True)  # which person?
    navigator.answer(home, catalogue.question("seal"), True, person=0)
    assert home.members[0].answers["seal"] is True


def test_questions_have_text_and_options_in_every_language(catalogue):
    for q in catalogue.questions:
        assert set(q.text) == set(catalogue.languages)
        assert q.kind in navigator.QUESTION_KINDS
        for option in q.options:
            assert set(option.text) == set(catalogue.languages)
    kinds = {q.kind for q in catalogue.questions}
    assert kinds == {"yes_no", "choice", "count", "date"}
    assert {q.scope for q in catalogue.questions} == {"household", "person"}


def test_wipe_clears_the_household():
    home = household(persons=[adult(seal=True)])
    home.wipe()
    assert home.answers == {} and home.members == []


def test_the_navigator_reads_the_sessions_own_members(catalogue):
    """One household model: an answer or birth date set on the session's member is what the
    navigator sees next, with no copy in between; members count only once confirmed."""
    session = ResidentSession()
    session.answers.update({"event": "move_in", "move_date": dt.date(2026, 4, 1)})
    session.ensure_members(1)
    assert all(person is None for _, person in pending(catalogue, session.household)), "not yet confirmed"
    session.members_confirmed = True
    member = session.members[0]
    session.set_member_value(member, "person.birth_date", dt.date(1948, 1, 1))
    session.set_member_value(member, "person.sex", "2")
    assert session.household.person_view(0)["sex"] == "female"
    asked = {q.id for q, person in pending(catalogue, session.household) if person == 0}
    assert "care_cert" in asked and "insurance" not in asked  # 75+ on the move date
    member.answers["care_cert"] = True
    asked = {q.id for q, person in pending(catalogue, session.household) if person == 0}
    assert "care_cert" not in asked
