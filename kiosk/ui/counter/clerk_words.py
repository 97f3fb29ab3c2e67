"""What the counter's clerk window says about the step on show, in the clerk's language: the
prompt over the input line (the question and whom it is about, the card's stage, the form under
review), the numbered choices as the keys pick them (narrowed by what is typed on the line) and
the key hints of the bottom bar (``counter.keys_*``). Drawn from the controller's state; no widget
here (the labels that show them: :mod:`kiosk.ui.counter.clerk_parts`)."""

from __future__ import annotations

from typing import Any

from kiosk import i18n
from kiosk.catalogue.model import Question, localized
from kiosk.catalogue.types.dates import day_button
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CardStage, CounterController, CounterState
from kiosk.journey import Screen
from kiosk.ui.counter.clerk_parts import Words, form_words, options_of

# The key hints of each screen (the bottom bar), as translated.
KEYS = {Screen.LANGUAGE: "counter.keys_language", Screen.QUESTION: "counter.keys_question",
        Screen.MEMBERS: "counter.keys_members", Screen.CARD: "counter.keys_card", Screen.REVIEW: "counter.keys_review",
        Screen.CONFIRM: "counter.keys_confirm", Screen.RESULT: "counter.keys_result"}
TITLES = {Screen.NOTICE: "resident.notice_title", Screen.MEMBERS: "resident.members_title",
          Screen.CONFIRM: "resident.confirm_title", Screen.RESULT: "counter.result_prompt"}


def key_hints(screen: Screen, t: Words) -> str:
    """The keys of ``screen`` for the bottom bar ("" for a screen with none)."""
    return t(KEYS[screen]) if screen in KEYS else ""


def prompt_words(controller: CounterController, state: CounterState, t: Words, lang: str) -> str:
    """The line over the input line: what the clerk is doing now."""
    screen = state.screen
    if screen is Screen.LANGUAGE:
        return t("counter.scan_resume")
    if screen is Screen.QUESTION:
        q = controller.journey.question()
        who = f"[{state.question_person + 1}] " if state.question_person is not None else ""
        return who + (i18n.plain(localized(q.text, lang)) if q is not None else "")
    if screen is Screen.CARD:
        n = (state.card_member or 0) + 1
        stage = t("counter.pin_on_resident", n=state.pin_digits) if state.card_stage is CardStage.PIN \
            else t(f"counter.card_stage_{state.card_stage.value}")
        return f"{n}: {stage}"
    if screen is Screen.REVIEW:
        wait = "counter.resident_confirmed" if state.resident_confirmed else "counter.waiting_resident"
        form = controller.journey.current_form()
        title = form_words(form, t, lang) if form is not None else state.form_id
        return f"{title}: {t(wait)}"
    return t(TITLES[screen]) if screen in TITLES else ""


def choice_words(controller: CounterController, screen: Screen, typed: str, t: Words, lang: str) -> str:
    """The numbered choices of the step (``1:label   2:label   hint``): the languages, the days of
    a date question, or the answers of a question that start with what is ``typed``."""
    if screen is Screen.LANGUAGE:
        labels = [i18n.plain(i18n.text("resident.autonym", code)) for code in SHIPPED_LANGUAGES]
        return "   ".join(f"{i % 10}:{label}" for i, label in enumerate(labels, 1))
    q = controller.journey.question() if screen is Screen.QUESTION else None
    if q is None:
        return ""
    if q.kind == "date":
        today = controller.session.household.today
        days = "   ".join(f"{n}:{day_button(day, today, lang, t).replace(chr(10), ' ')}"
                          for n, day in enumerate(controller.journey.date_choices(), 1))
        return (days + "   " if days else "") + t("counter.date_hint")
    left = matches(q, typed, lang)
    return "   ".join(f"{i}:{label}" for i, (value, label) in enumerate(options_of(q, lang), 1)
                       if (value, label) in left)


def matches(q: Question, typed: str, lang: str) -> list[tuple[Any, str]]:
    """The answers whose label or code starts with what is typed (``y`` / ``n`` for a yes-no
    question, whatever the language of its labels); all of them when nothing is."""
    typed = typed.strip().lower()
    opts = options_of(q, lang)
    if not typed:
        return opts
    mnemonic = {True: "yes", False: "no"}
    return [(v, label) for v, label in opts if label.lower().startswith(typed) or str(v).lower().startswith(typed)
            or (isinstance(v, bool) and mnemonic[v].startswith(typed))]
