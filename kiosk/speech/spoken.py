"""What each screen says in speech mode, assembled from the data the screens show: the same
message keys (``locales/``) and catalogue labels (``forms/``), in the resident's language — or,
where that language has no voice, in the language that speaks instead (English).

Never spoken: PIN digits (only how many are entered, A11Y-07), the My Number, and anything read
from the card or typed by the resident — except the review read-out the resident asks for
(:func:`review_readout`). :func:`carries_personal_data` guards every other phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk import i18n
from kiosk.card.records import BasicInfo
from kiosk.catalogue.model import Form, FormField, Question, localized
from kiosk.catalogue.types.date_steps import PastDate
from kiosk.journey import Journey, Screen
from kiosk.session import ResidentSession
from kiosk.speech.voices import VoiceTable

# Overlays the window shows over the journey's screen.
LANGUAGE_SWITCH, STAFF = "language_switch", "staff"
# The card screen's states (kiosk.ui.card_screen) and the message each shows.
CARD_TEXTS = {
    "place": "resident.card_place", "checking": "resident.card_checking", "pin": "resident.card_pin",
    "reading": "resident.card_reading", "take": "resident.card_take", "blocked": "resident.card_blocked",
    "reader_lost": "resident.card_reader_lost",
}


@dataclass(frozen=True)
class Option:
    """A numbered choice: what is said, and the object name of the button it presses."""

    label: str
    target: str


@dataclass(frozen=True)
class ScreenView:
    """What the window adds to the journey's state: its overlay and the screens' own states."""

    languages: tuple[str, ...]  # the configured interface languages, in order
    town: str = ""
    overlay: str = ""  # "", LANGUAGE_SWITCH or STAFF
    overlay_texts: tuple[str, ...] = ()  # a staff panel's title and text, as shown
    card_state: str = ""
    tries: int | None = None
    pin_length: int = 0  # digits entered, never the digits
    status_text: str = ""  # the result screen's status line, as shown
    problem_text: str = ""  # a message shown on the screen (an error), as shown
    date_path: PastDate | None = None  # a date being chosen in steps (kiosk.ui.date_picker)
    # The card read and not yet taken (the journey keeps it once taken): where the journey goes next
    # depends on it (the questions of the holder's age). Lives only as long as the view.
    card_read: BasicInfo | None = None


@dataclass(frozen=True)
class Spoken:
    """One screen's speech: title, question, numbered options and hints, in ``lang``."""

    lang: str
    title: str
    question: str = ""
    options: tuple[Option, ...] = ()
    hints: tuple[str, ...] = ()
    screen: str = ""  # the screen's name (for logs, tests and the benchmark: never personal)
    # Tells of this resident's case (the review and confirm screens: the forms the household
    # needs): its phrases are cached for the session only (kiosk.speech.synth.PhraseCache).
    session_only: bool = False

    def sentences(self) -> list[str]:
        out = [s for s in (self.title, self.question) if s]
        if self.options:
            sep = i18n.text("speech.separator", self.lang)
            out.append(sep.join(i18n.text("speech.option", self.lang, n=i + 1, label=o.label)
                                for i, o in enumerate(self.options)))
        out.extend(h for h in self.hints if h)
        return out

    def phrases(self) -> list[str]:
        """The sentences ready to speak, each ended so that the voice pauses."""
        stop = i18n.text("speech.stop", self.lang)
        return [s if s.endswith(("。", ".", "?", "？", "!", "！", "।")) else s + stop
                for s in (_speakable(x) for x in self.sentences()) if s]

    def text(self) -> str:
        return " ".join(self.phrases())


def _speakable(text: str) -> str:
    """Furigana dropped, line breaks and the arrows and marks drawn on buttons removed."""
    plain = i18n.plain(text)
    for mark in ("◀", "▶", "▣", "✓", "*"):
        plain = plain.replace(mark, " ")
    return " ".join(plain.split())


def speech_language(lang: str, voices: VoiceTable) -> str:
    """The language speech is made in: ``lang`` when it has a voice, else its fallback."""
    return lang if voices.has_voice(lang) else voices.for_language(lang).lang


def describe(journey: Journey, view: ScreenView, voices: VoiceTable) -> Spoken:
    """What the current screen says."""
    lang = speech_language(journey.session.language, voices)

    def t(key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, lang, **params))

    if view.overlay == LANGUAGE_SWITCH:
        return Spoken(lang, t("resident.language_switch_title"), options=_language_options(view),
                      hints=_no_voice_hints(view, voices), screen="language-switch")
    if view.overlay == STAFF:
        texts = tuple(_speakable(x) for x in view.overlay_texts if x)
        return Spoken(lang, texts[0] if texts else "", " ".join(texts[1:]),
                      options=(Option(t("resident.back"), "top-back"),), screen="staff")
    screen = journey.screen
    problem = (view.problem_text,) if view.problem_text else ()
    if view.date_path is not None:
        return _date_step(view.date_path, lang, problem)
    if screen is Screen.LANGUAGE:
        return Spoken(lang, t("resident.language_title"), options=_language_options(view),
                      hints=(*_no_voice_hints(view, voices), t("speech.choose_hint")), screen="language")
    if screen is Screen.NOTICE:
        return notice_screen(lang, view.town)
    if screen is Screen.QUESTION:
        return _question(journey, lang, problem)
    if screen is Screen.MEMBERS:
        return members_screen(lang, problem)
    if screen is Screen.CARD:
        index = journey.detail if isinstance(journey.detail, int) else 0  # the member's place, not equality
        return card_screen(lang, index, view.card_state or "place", view.tries, view.pin_length, problem)
    if screen is Screen.REVIEW:
        form = journey.current_form()
        forms = journey.forms()
        return review_screen(lang, form, forms.index(form) if form in forms else 0, len(forms), problem)
    if screen is Screen.CONFIRM:
        return confirm_screen(lang, len(journey.forms()))
    return result_screen(lang, view.status_text)


# What each screen of the journey says, from what it shows (describe() for the screen on show,
# kiosk.speech.ahead for those the resident may reach next) --------------------------------------
def _t(lang: str, key: str, **params: object) -> str:
    return i18n.plain(i18n.text(key, lang, **params))


def notice_screen(lang: str, town: str) -> Spoken:
    return Spoken(lang, _t(lang, "resident.notice_title"), _t(lang, "resident.notice_text", town=town),
                  options=(Option(_t(lang, "resident.notice_ok"), "notice-ok"),), screen="notice")


def members_screen(lang: str, problem: tuple[str, ...] = ()) -> Spoken:
    return Spoken(lang, _t(lang, "resident.members_title"), _t(lang, "resident.members_hint"),
                  hints=(*problem, _t(lang, "speech.members_hint")), screen="members")


def review_screen(lang: str, form: Form | None, index: int, total: int, problem: tuple[str, ...] = ()) -> Spoken:
    """The review of form ``index`` of ``total`` (which forms: this resident's case, session only)."""
    title = _t(lang, "resident.review_title", n=index + 1, total=total,
               form=localized(form.title, lang) if form is not None else "")
    return Spoken(lang, title, _t(lang, "resident.review_hint"),
                  options=(Option(_t(lang, "resident.review_ok"), "review-next"),),
                  hints=(*problem, _t(lang, "speech.review_read_hint")), screen="review", session_only=True)


def confirm_screen(lang: str, forms: int) -> Spoken:
    return Spoken(lang, _t(lang, "resident.confirm_title"), _t(lang, "resident.confirm_text", n=forms),
                  options=(Option(_t(lang, "resident.confirm_print"), "confirm-print"),), screen="confirm",
                  session_only=True)


def result_screen(lang: str, status: str) -> Spoken:
    return Spoken(lang, _t(lang, "resident.result_title"), status,
                  options=(Option(_t(lang, "resident.result_done"), "result-done"),), screen="result")


def _date_step(path: PastDate, lang: str, problem: tuple[str, ...]) -> Spoken:
    """A step of a date chosen in steps: what it asks, the parts chosen, its options numbered
    as their buttons show them (the parts chosen give the rest; the focus says each in full);
    the keys 1–9 choose, as on a question."""
    options = tuple(Option(i18n.plain(o.label), f"date-{o.value}") for o in path.options(lang))
    return Spoken(lang, i18n.plain(path.prompt(lang)), i18n.plain(path.heading(lang)), options=options,
                  hints=problem, screen=f"date-{path.step.value}")


def _language_options(view: ScreenView) -> tuple[Option, ...]:
    return tuple(Option(i18n.plain(i18n.text("resident.autonym", code)), f"lang-{code}") for code in view.languages)


def _no_voice_hints(view: ScreenView, voices: VoiceTable) -> tuple[str, ...]:
    """For each configured language without a voice, in the language that speaks for it."""
    out = []
    for code in view.languages:
        if not voices.has_voice(code):
            spoken_in = voices.for_language(code).lang
            out.append(i18n.plain(i18n.text("speech.no_voice", spoken_in,
                                             language=i18n.plain(i18n.text("resident.autonym", code)))))
    return tuple(out)


def _question(journey: Journey, lang: str, problem: tuple[str, ...]) -> Spoken:
    q = journey.question()
    done, total = journey.progress()
    title = question_title(lang, done, total, journey.question_person())
    if q is None:
        return Spoken(lang, title, screen="question")
    return question_screen(q, lang, title, problem)


def question_title(lang: str, done: int, total: int, person: int | None) -> str:
    """"Question 3 of 9" (with ``done`` answered of ``total``), and "Person 2" when the question
    is about one member: the name read from the card is never spoken."""
    title = i18n.plain(i18n.text("resident.progress", lang, done=done + 1, total=max(total, done + 1)))
    if person is not None:
        title += " " + i18n.plain(i18n.text("resident.member_n", lang, n=person + 1))
    return title


def question_screen(q: Question, lang: str, title: str, problem: tuple[str, ...] = ()) -> Spoken:
    text = localized(q.text, lang)
    if q.help:
        text += " " + localized(q.help, lang)
    hints: list[str] = list(problem)
    options = [Option(i18n.plain(label), f"answer-{i}") for i, (label, _value) in enumerate(answer_choices(q, lang))]
    if q.kind == "date":
        hints.append(i18n.plain(i18n.text("speech.date_hint", lang)))
    if options:
        hints.append(i18n.plain(i18n.text("speech.choose_hint", lang)))
    return Spoken(lang, title, text, tuple(options), tuple(hints), screen=f"question-{q.id}")


def answer_choices(q: Question, lang: str) -> list[tuple[str, Any]]:
    """(label, answer) of each numbered answer of a question as the question screen offers them
    (a date question: none, its days depend on the household)."""
    if q.kind == "yes_no":
        return [(i18n.text("resident.yes", lang), True), (i18n.text("resident.no", lang), False)]
    if q.kind == "choice":
        return [(localized(o.label, lang), o.code) for o in q.options]
    if q.kind == "count":
        low = q.minimum if q.minimum is not None else 0
        high = q.maximum if q.maximum is not None else 6
        return [(str(n), n) for n in range(low, high + 1)]
    return []


def card_screen(lang: str, index: int, state: str, tries: int | None = None, pin_length: int = 0,
                problem: tuple[str, ...] = ()) -> Spoken:
    """Member ``index``'s card screen in ``state`` (one of :data:`CARD_TEXTS`)."""
    def t(key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, lang, **params))

    hints: list[str] = list(problem)
    if state == "pin":
        if tries is not None:
            hints.append(t("resident.card_last_try" if tries == 1 else "resident.card_tries_left", n=tries))
        if pin_length:  # how many, never which (A11Y-07)
            hints.append(t("speech.pin_count", n=pin_length))
    hints.append(t("resident.card_no_pin_hint"))
    return Spoken(lang, t("resident.card_title", n=index + 1), t(CARD_TEXTS.get(state, "resident.card_place")),
                  options=(Option(t("resident.card_manual"), "card-manual"),), hints=tuple(hints),
                  screen=f"card-{state}")


def pin_count(lang: str, length: int, voices: VoiceTable) -> Spoken:
    """"3 digits entered": said at each key of the PIN pad, never the digit."""
    spoken_in = speech_language(lang, voices)
    return Spoken(spoken_in, i18n.plain(i18n.text("speech.pin_count", spoken_in, n=length)), screen="pin")


def review_readout(journey: Journey, voices: VoiceTable) -> Spoken:
    """Each field of the form under review and its value: only when the resident asks for it
    (the 読み上げ action). The result is personal data: it is never cached or logged."""
    lang = speech_language(journey.session.language, voices)
    form = journey.current_form()
    if form is None:
        return Spoken(lang, "", screen="review-readout")
    values = journey.session.form_values.get(form.id)
    lines: list[str] = []

    def add(ff: FormField, value: object) -> None:
        fd = ff.field
        said = fd.kind.spoken(fd, value, lang) if value not in (None, "") else i18n.text("speech.empty", lang)
        lines.append(i18n.text("speech.read_field", lang, label=localized(fd.label, lang), value=said))

    if values is not None:
        for ff in form.fields:
            if not ff.handwrite and ff.id in values.household:
                add(ff, values.household.get(ff.id))
        if form.persons is not None:
            for i, person in enumerate(values.persons):
                lines.append(i18n.text("resident.review_person", lang, n=i + 1))
                for ff in form.persons.fields:
                    if not ff.handwrite and ff.id in person:
                        add(ff, person.get(ff.id))
    title = i18n.plain(localized(form.title, lang))
    return Spoken(lang, title, hints=tuple(i18n.plain(x) for x in lines if x), screen="review-readout")


def carries_personal_data(text: str, session: ResidentSession, extra: Sequence[str] = ()) -> bool:
    """True when ``text`` holds anything personal the session knows (card data, typed values,
    the My Number) or one of ``extra`` (e.g. PIN digits)."""
    needles = [*session.personal_values(), *extra]  # every card value and typed value, as logged
    return any(n and n in text for n in needles)


__all__ = ["CARD_TEXTS", "LANGUAGE_SWITCH", "STAFF", "Option", "ScreenView", "Spoken", "answer_choices", "card_screen",
           "carries_personal_data", "confirm_screen", "describe", "members_screen", "notice_screen", "pin_count",
           "question_screen", "question_title", "result_screen", "review_readout", "review_screen",
           "speech_language"]

