"""The division station (``kiosk clerk --division``) and the public display (``kiosk display``)
fit every screen size they will meet (A11Y-04, A11Y-10, ML): 1920×1080, 1080×1920, 1366×768 and
1280×800 (``kiosk.ui.station_fit``).

The station in Japanese and in the language whose words on it are longest (Tagalog, after the
Japanese): its sign-in page empty and with the lock message, its queue, a number called; every
label and button whole, the fields, the queue, the three action buttons, サインアウト, the message
and the key hint in view. The display built as on a screen of each size (its type grows with the
screen), its counters' second line in every shipped language: every label whole, no counter over
another."""

from __future__ import annotations

import pytest

from kiosk import staff
from kiosk.routing import queue
from kiosk.ui.station_fit import display_run, division_run

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["ja", "tl"])
def test_the_division_station_fits_every_size_at_each_page(qapp, db, catalogue, divisions, bundle, division_clerk,
                                                          lang):
    staff.create_account(db, division_clerk[0], "clerk", division_clerk[1])
    for _ in range(3):
        queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    assert division_run(db, catalogue, "hoken_nenkin", lang=lang, clerk=division_clerk) == {}


def test_the_public_display_fits_every_size_in_every_language(qapp, db, divisions, bundle):
    routed = queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    queue.call(db, routed.stops[0].ticket_id, by="hoken-01")
    assert display_run(db, divisions) == {}
