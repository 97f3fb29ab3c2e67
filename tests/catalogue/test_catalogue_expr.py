"""The safe expression language of conditions and derivations (never eval)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalogue.expr import ExpressionError, parse

ENV = {
    "answers": {"event": "move_in", "move_date": dt.date(2026, 4, 1), "need_juminhyo": True},
    "persons": [
        {"age": 36, "insurance": "kokuho", "school_age": 36},
        {"age": 9, "school": "elementary", "school_age": 9},
        {"age": 80, "care_cert": True, "school_age": 80},
    ],
    "person": {"age": 36, "sex": "female", "birth_date": dt.date(1990, 4, 1)},
    "today": dt.date(2026, 4, 1),
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("1", 1),
        ("2.5", 2.5),
        ("'move_in'", "move_in"),
        ('"two words"', "two words"),
        ("true", True),
        ("null", None),
        ("[1, 2, 3]", [1, 2, 3]),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 % 3 - -1", 2),
        ("10 / 4", 2.5),
        ("'a' + 'b'", "ab"),
        ("answers.event == 'move_in'", True),
        ("answers.event != 'move_in'", False),
        ("person.age >= 20 and person.age < 60", True),
        ("not answers.need_juminhyo", False),
        ("answers.event in ['move_in', 'move_within']", True),
        ("answers.event not in ['move_out']", True),
        ("person.sex != 'male' or false", True),
        ("answers.unknown == null", False),  # a missing answer is never equal to anything
        ("answers.unknown >= 3", False),  # comparisons with a missing value are false
        ("answers.unknown + 1", None),
        ("any(persons, age >= 75)", True),
        ("all(persons, age >= 9)", True),
        ("count(persons, school_age >= 6 and school_age <= 14)", 1),
        ("count(persons)", 3),
        ("any(persons, insurance in ['kokuho', 'none'] and answers.event == 'move_in')", True),
        ("age_at(person.birth_date, today)", 36),
        ("age_at(date('2000-02-29'), date('2026-02-28'))", 25),
        ("school_age(date('2019-04-01'), date('2026-04-01'))", 7),  # born 1 April: the earlier school year
        ("school_age(date('2019-04-02'), date('2026-04-01'))", 6),
        ("if_else(answers.event == 'move_in', 'continue_use', 'change_entries')", "continue_use"),
        ("len(persons)", 3),
        ("min(3, null, 1)", 1),
        ("persons[1].school", "elementary"),
        ("persons[9].school", None),
        ("wareki(date('2019-05-01'))", "令和元年5月1日"),
        ("katakana('やまだ')", "ヤマダ"),
        ("postal_address('1000001')", "東京都千代田区千代田"),
    ],
)
def test_expression_evaluates(text, value):
    assert parse(text).evaluate(ENV) == value


def test_names_lists_what_an_expression_reads():
    expr = parse("answers.event == 'move_in' and any(persons, age < 75 and insurance == 'kokuho') and person.age > 1")
    assert expr.names() == {"answers.event", "persons", "item.age", "item.insurance", "person.age"}


@pytest.mark.parametrize(
    "text, column, words",
    [
        ("__import__('os')", 1, "unsafe name"),
        ("answers.__class__", 9, "unsafe name"),
        ("person._secret", 8, "unsafe name"),
        ("open('x')", 1, "unknown function"),
        ("eval('1')", 1, "unknown function"),
        ("answers.event.upper()", 20, "allow-list"),
        ("1 +", 4, "end of expression"),
        ("(1 + 2", 7, "expected ')'"),
        ("1 < 2 < 3", 7, "chained"),
        ("answers.event = 'x'", 15, "unexpected"),
        ("", 1, "empty"),
        ("a ; b", 3, "unexpected character"),
        ("age_at()", 1, "arguments"),
        ("answers.and", 9, "keyword"),
    ],
)
def test_bad_expressions_give_a_located_error(text, column, words):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert f"column {column}:" in info.value.detail
    assert words in info.value.detail
    assert info.value.position == column - 1


def test_type_errors_at_evaluation_are_expression_errors():
    with pytest.raises(ExpressionError):
        parse("'a' < 1").evaluate({})
    with pytest.raises(ExpressionError):
        parse("1 / 0").evaluate({})
    with pytest.raises(ExpressionError):
        parse("'a' * 3").evaluate({})


def test_member_access_reads_mappings_only():
    class Thing:
        secret = "x"

    assert parse("thing.secret").evaluate({"thing": Thing()}) is None
    assert parse("thing['__class__']").evaluate({"thing": {"__class__": 1}}) is None


def test_deep_nesting_is_refused_not_crashing():
    with pytest.raises(ExpressionError):
        parse("(" * 200 + "1" + ")" * 200)
    with pytest.raises(ExpressionError):
        parse("not " * 200 + "true")


ALPHABET = st.sampled_from(list("abn_.()[]'\"=!<>+-*/%, 0129") + ["and ", "or ", "not ", "in ", "any(", "__"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_any_text_parses_or_gives_a_located_error(text):
    try:
        expr = parse(text)
    except ExpressionError as exc:
        assert exc.detail.startswith("column ") or "longer than" in exc.detail
        return
    try:
        expr.evaluate(ENV)
    except ExpressionError:
        pass
