"""In-memory model of the catalogue: what the loader builds from ``forms/`` and what every
consumer (navigator, review screen, printed sheet, KS1 payload, admin editor) reads.

One source of truth: a field is defined once in the dictionary (:class:`FieldDef`); a form
refers to it and adds only what is form-specific (QR key, condition, print position).

Values of a filled form (:class:`FormValues`) are keyed by dictionary field id:
``household`` for fields asked once, ``persons`` (one mapping per person row) for the
per-person repeat group. Value types: ``str`` for text/kana/address/phone/postal_code/enum
codes, ``datetime.date`` for dates, ``int`` for integers, ``bool`` for checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.catalogue.types import REGISTRY, FieldType, field_type
from kiosk.catalogue.types.dates import DateWindow

# Field types known to the engine (kiosk/catalogue/types: one class per type).
FIELD_TYPES = tuple(REGISTRY)

# Attributes the card reader provides (券面事項入力補助AP), for ``card:`` bindings.
CARD_ATTRIBUTES = ("card.name", "card.name_kana", "card.address", "card.birth_date", "card.sex", "card.my_number")

PRIVACY_CLASSES = ("basic", "contact", "sensitive", "my_number")


def localized(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, falling back to Japanese."""
    return texts.get(lang) or texts.get("ja") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Option:
    code: str
    label: dict[str, str]

    @property
    def text(self) -> dict[str, str]:
        """The option's text per language (same as ``label``; navigator options read ``text``)."""
        return self.label


@dataclass(frozen=True)
class Validation:
    required: bool = False
    max_length: int | None = None
    pattern: str | None = None  # regular expression the whole value must match
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class FieldDef:
    """One legal data item of the field dictionary."""

    id: str  # e.g. "person.name", "move.date"
    type: str
    label: dict[str, str]  # per language code; "ja" is the official label printed on sheets
    privacy: str = "basic"
    validation: Validation = field(default_factory=Validation)
    options: tuple[Option, ...] = ()
    card: str | None = None  # card binding, one of CARD_ATTRIBUTES
    derive: str | None = None  # expression computing a default from answers and other fields
    help: dict[str, str] = field(default_factory=dict)
    legal_basis: str = ""  # e.g. "住基法22条"
    era: bool = True  # dates printed in 和暦 (False: 西暦, e.g. for foreign residents' items)
    default: Any = None  # a constant default of the field's type
    counter_check: bool = False  # not asked: its value is 窓口で確認 (the default), confirmed at the counter
    within_town: bool = False  # a postal code inside the town: chosen from the town's postal areas

    @property
    def kind(self) -> FieldType:
        """The field's type object: parsing, validation, display, print and QR forms, keypad."""
        return field_type(self.type)

    def option_label(self, code: str, lang: str = "ja") -> str:
        for option in self.options:
            if option.code == code:
                return localized(option.label, lang)
        return code


@dataclass(frozen=True)
class PrintBox:
    """Where a field is printed on the A4 sheet (millimetres from the top-left corner)."""

    x: float
    y: float
    width: float
    height: float = 8.0


@dataclass(frozen=True)
class FormField:
    """A dictionary field as used on one form."""

    field: FieldDef
    qr_key: int  # stable small integer, never reused within the form
    when: str | None = None  # condition; the field is shown/printed only when true
    handwrite: bool = False  # the law wants the resident's own hand here (e.g. signature line)
    required: bool | None = None  # overrides field.validation.required on this form
    box: PrintBox | None = None

    @property
    def id(self) -> str:
        return self.field.id

    @property
    def is_required(self) -> bool:
        return self.field.validation.required if self.required is None else self.required


@dataclass(frozen=True)
class PersonGroup:
    """The per-person repeat group (household members)."""

    fields: tuple[FormField, ...]
    who: str | None = None  # condition over a person; which members get a row
    max_rows: int = 6
    label: dict[str, str] = field(default_factory=dict)
    row_pitch: float = 0.0  # mm between person rows; row i is printed at box.y + i * row_pitch


@dataclass(frozen=True)
class Form:
    id: str  # e.g. "juminido"
    version: int
    title: dict[str, str]  # title["ja"] is the official Japanese title
    fields: tuple[FormField, ...]  # asked once per household/sheet
    persons: PersonGroup | None = None
    legal_basis: str = ""
    my_number_basis: str = ""  # legal basis for the 個人番号; empty = the form never carries it
    counter: str = ""  # procedure's counter id, for the sheet header
    notes: dict[str, str] = field(default_factory=dict)
    retired_qr_keys: tuple[int, ...] = ()  # QR keys used by earlier versions; never reused

    @property
    def requires_my_number(self) -> bool:
        """True when the form has a 個人番号 field and records its legal basis (PRIV-02)."""
        return bool(self.my_number_basis) and any(f.field.kind.is_my_number for f in self.all_fields())

    def all_fields(self) -> tuple[FormField, ...]:
        return self.fields + (self.persons.fields if self.persons else ())

    def field_by_qr_key(self, key: int) -> FormField | None:
        return next((f for f in self.all_fields() if f.qr_key == key), None)


@dataclass(frozen=True)
class Counter:
    """A counter is a division with a queue (kiosk.routing): where to go, visit order, retention."""

    id: str
    name: dict[str, str]
    place: dict[str, str] = field(default_factory=dict)  # e.g. {"ja": "2番窓口", ...}
    visit_order: int = 0  # 0: after every ordered division
    retention_days: int = 7  # received data kept in the queue this long after arrival


@dataclass(frozen=True)
class Procedure:
    id: str
    title: dict[str, str]
    counter: str  # Counter id
    forms: tuple[str, ...]  # Form ids; empty for guidance-only procedures
    bring: dict[str, str] = field(default_factory=dict)  # what to bring, per language
    deadline: dict[str, str] = field(default_factory=dict)
    guidance: dict[str, str] = field(default_factory=dict)
    when: str | None = None  # navigator rule: expression over the household answers
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)  # municipality code -> overrides


@dataclass(frozen=True)
class CrossCheck:
    """A person's answer that other answers of the household contradict: ``answer`` to
    ``question`` is read as ``becomes`` whenever ``when`` holds for that person
    (``cross_checks`` in navigator.yaml)."""

    question: str
    answer: str
    becomes: str
    when: str
    basis: str


@dataclass(frozen=True)
class Known:
    """When a question's answer is known without asking: ``when`` (an expression over the same
    names as the question's own condition) holds, the answer is ``answer`` and the question is
    not asked (e.g. "has a My Number Card" once that person's card was read)."""

    when: str
    answer: bool | str | int


@dataclass(frozen=True)
class Question:
    """A navigator question, asked once per household or once per person."""

    id: str
    scope: str  # "household" | "person"
    kind: str  # "yes_no" | "choice" | "count" | "date"
    text: dict[str, str]
    options: tuple[Option, ...] = ()  # for kind "choice"
    when: str | None = None  # shown only when true (over answers, persons / person)
    help: dict[str, str] = field(default_factory=dict)
    minimum: int | None = None  # for kind "count"
    maximum: int | None = None
    known: Known | None = None  # answered without asking when its condition holds
    choices: tuple[DateWindow, ...] = ()  # for kind "date": the days offered as one-tap answers


@dataclass
class Catalogue:
    """Everything loaded from ``forms/``."""

    fields: dict[str, FieldDef]
    forms: dict[str, Form]
    procedures: dict[str, Procedure]
    counters: dict[str, Counter]
    questions: list[Question]
    languages: tuple[str, ...]
    review_status: dict[str, str]  # language -> "draft" | "reviewed"
    version: str  # content hash of the source files
    samples: dict[str, Any] = field(default_factory=dict)  # sample households by name
    cross_checks: tuple[CrossCheck, ...] = ()  # answers read differently when contradicted

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass
class FormValues:
    """Values of one filled form. Keys are dictionary field ids."""

    form_id: str
    household: dict[str, Any] = field(default_factory=dict)
    persons: list[dict[str, Any]] = field(default_factory=list)
    from_card: set[str] = field(default_factory=set)  # "household:<id>" or "person<i>:<id>"

    def wipe(self) -> None:
        self.household.clear()
        for person in self.persons:
            person.clear()
        self.persons.clear()
        self.from_card.clear()


def format_value(fd: FieldDef, value: Any, lang: str = "ja") -> str:
    """Display text of a value (dates in 和暦 where the field wants it, enum labels)."""
    return fd.kind.display(fd, value, lang)
