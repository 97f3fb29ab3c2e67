"""The forms the journey offers follow every change of the answers and members, although it
remembers them between changes (the screens ask for them several times per screen change)."""

from __future__ import annotations

from kiosk.household import Household
from kiosk.journey import CataloguePort, Journey
from kiosk.session import ResidentSession


def _replace_household(session: ResidentSession, sample: dict) -> None:
    """The sample's answers and members, written into the session's own dict and list in place."""
    household = Household.from_dict(sample)
    session.answers.clear()
    session.answers.update(household.answers)
    session.members[:] = household.members
    session.members_confirmed = True


def test_the_forms_follow_every_change_of_answers_and_members() -> None:
    port = CataloguePort.load()
    journey = Journey(ResidentSession("en"), port)
    seen: set[tuple[str, ...]] = set()
    for sample in port.catalogue.samples.values():
        _replace_household(journey.session, sample)
        offered = [f.id for f in journey.forms()]
        assert offered == [f.id for f in port.forms(journey.session)]  # what the navigator says now
        assert [f.id for f in journey.forms()] == offered  # asked again: the same
        seen.add(tuple(offered))
        for member in journey.session.members:  # a person's answer changed in place
            for qid in list(member.answers):
                member.answers[qid] = not member.answers[qid] if isinstance(member.answers[qid], bool) else None
        assert [f.id for f in journey.forms()] == [f.id for f in port.forms(journey.session)]
    assert len(seen) > 2  # the samples call for different forms: the cache was put to the test

