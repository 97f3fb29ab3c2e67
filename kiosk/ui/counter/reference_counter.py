"""The reference family at the counter, for the end-to-end tests and the benches: the counter over
a demo configuration with the family's virtual cards on vpcd (the parents' and the son's), a clerk account to sign in with, and
a clerk (:class:`kiosk.ui.counter.autoplay.CounterPlay`) who plays the family on it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk.ui.counter.app import Counter
from kiosk.ui.counter.autoplay import CounterPlay
from kiosk.ui.play_hands import PlayError


@dataclass
class ReferenceCounter:
    counter: Counter
    simulator: Any
    cards: list[Any]
    database: Any

    def player(self, family: dict[str, Any], **options: Any) -> CounterPlay:
        """A clerk playing ``family`` on this counter: the card holders by their cards, the others
        typed by hand, the new address typed in review, and the bank account too when the family
        does not use its 公金受取口座 (``options``: the player's hooks and screenshot folder)."""
        from kiosk.ui import reference

        return CounterPlay(self.counter, family, cards=self.cards, manual=reference.manual_people(family, self.cards),
                           typed=reference.NEW_ADDRESS + reference.BANK_ACCOUNT_CODES, simulator=self.simulator,
                           **options)

    def stop(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()
        self.counter.shutdown()
        if self.database is not None:
            self.database.dispose()


def start_reference(config: Any, *, printer: bool = True, clerk: tuple[str, str] | None = None,
                    clerk_lang: str = "ja") -> ReferenceCounter:
    """The counter over ``config`` (see :func:`kiosk.ui.reference.demo_config`) with the virtual
    cards on vpcd for the parents and the son, and (``clerk``) a clerk account to sign in with; the clerk's
    window in ``clerk_lang``."""
    from kiosk.ks1 import DatabaseTrustStore
    from kiosk.ui import app
    from kiosk.ui.card_worker import CardReader
    from kiosk.ui.counter.app import build
    from kiosk.ui.reference import VPCD_HOST, VPCD_PORT, ensure_keys, family_cards

    ensure_keys(config)
    database = app.make_database(config)
    if database is None:
        raise PlayError("no database")
    database.upgrade()
    if clerk is not None:
        from kiosk import keys, staff
        from kiosk.clerk import trustlist

        staff.create_account(database, clerk[0], "clerk", clerk[1])
        trustlist.import_entries(database, json.dumps(keys.export_entry(config.key_dir)).encode(), actor="setup")
    port = app.load_catalogue_port(config)
    if port is None:
        raise PlayError("no catalogue")
    output = app.make_output(config, port, printer=printer, database=database)
    from kiosk.card.simulator import run_simulator

    cards = family_cards()
    simulator = run_simulator(cards[0], VPCD_HOST, VPCD_PORT, inserted=False)
    counter = build(port, output=output, trust=DatabaseTrustStore(database), issuer=config.municipality.code,
                    db=database, worker=CardReader.from_config(config), municipality=config.municipality.name,
                    postal_areas=config.municipality.postal_areas, lang=clerk_lang, pin_pad=config.counter.pin_pad)
    return ReferenceCounter(counter, simulator, cards, database)
