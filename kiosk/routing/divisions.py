"""Divisions as data: the catalogue's counters (forms/procedures.yaml) with their place, visit
order and retention, and which division handles each form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.catalogue.model import Catalogue, Counter, localized


@dataclass(frozen=True)
class Division:
    id: str
    name: dict[str, str]
    place: dict[str, str]
    visit_order: int
    retention: dt.timedelta

    @classmethod
    def of(cls, counter: Counter) -> Division:
        return cls(counter.id, dict(counter.name), dict(counter.place), counter.visit_order,
                   dt.timedelta(days=counter.retention_days))

    def name_in(self, lang: str) -> str:
        return localized(self.name, lang) or self.id

    def place_in(self, lang: str) -> str:
        return localized(self.place, lang) if self.place else ""

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (0 if self.visit_order > 0 else 1, self.visit_order, self.id)


@dataclass(frozen=True)
class Divisions:
    """Every division, and the division of each form."""

    by_id: Mapping[str, Division]
    form_division: Mapping[str, str]

    @classmethod
    def of(cls, catalogue: Catalogue) -> Divisions:
        return cls({cid: Division.of(c) for cid, c in catalogue.counters.items()},
                   {fid: form.counter for fid, form in catalogue.forms.items() if form.counter})

    def for_form(self, form_id: str) -> Division | None:
        division = self.form_division.get(form_id)
        return self.by_id.get(division) if division is not None else None

    def route(self, division_ids: Iterable[str]) -> list[str]:
        """The divisions in visit order (unknown ids last, by id)."""
        unique = set(division_ids)
        known = sorted((self.by_id[d] for d in unique if d in self.by_id), key=lambda d: d.sort_key)
        return [d.id for d in known] + sorted(unique - set(self.by_id))

    def get(self, division_id: str) -> Division | None:
        return self.by_id.get(division_id)
