"""Fixtures for the clerk station: a kiosk key registered on the trust list, signed sheets of an
invented household, a database on SQLite (and on the real PostgreSQL server where a test asks)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "foundation"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ks1"))

from clerk_forms import SmallCatalogue, household, juminido  # noqa: E402
from private_postgres import private_cluster  # noqa: E402,F401 - fixture: a server a test may freeze or stop

ISSUER = 999991
KIOSK = "kiosk-01"


@pytest.fixture
def key_export(key_dir) -> str:
    from kiosk import keys

    return json.dumps(keys.export_entry(key_dir))


@pytest.fixture
def db(sqlite_db):
    return sqlite_db


@pytest.fixture
def catalogue():
    return SmallCatalogue()


@pytest.fixture
def trusted(db, key_export):
    from kiosk.clerk import trustlist

    return trustlist.import_entries(db, key_export, actor="admin01")[0]


@pytest.fixture
def make_sheet(signer, now):
    """make_sheet(people=2, issued=now, validity_days=30, name=None, signer=None) -> EncodedSheet."""
    from kiosk import ks1

    def make(people: int = 2, *, issued: dt.datetime | None = None, validity_days: int = 30,
             name: str | None = None, by=None):
        return ks1.encode_sheet(juminido(), household(people, name=name), signer=by or signer, iss=ISSUER,
                                kiosk_id=KIOSK, now=issued or now, validity=dt.timedelta(days=validity_days))

    return make


@pytest.fixture
def station(db, catalogue, trusted):
    from kiosk.clerk.station import Station

    return Station(db, station_id="clerk-01", catalogue=catalogue, issuer=ISSUER)


@pytest.fixture
def clerk_account(db):
    from kiosk import staff

    staff.create_account(db, "clerk01", "clerk", "correct horse battery")
    return "clerk01", "correct horse battery"


VALUES = {
    "household": {
        "filing.date": "2026-04-01", "move.kind": "move_in", "move.date": "2026-03-28", "household.kind": "new",
        "address.new_postal_code": "9999999", "address.new": "みどり町中央三丁目12番地の4",
        "address.previous": "架空県あおば市本町一丁目2番3号", "filer.name": "緑川 一郎", "filer.phone": "099-999-0000",
    },
    "persons": [
        {"person.name": "緑川 一郎", "person.name_kana": "ミドリカワ イチロウ", "person.birth_date": "1984-05-12",
         "person.sex": "male", "person.relationship": "head"},
        {"person.name": "緑川 花子", "person.name_kana": "ミドリカワ ハナコ", "person.birth_date": "1986-11-03",
         "person.sex": "female", "person.relationship": "spouse"},
    ],
}


@pytest.fixture
def shipped_catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


@pytest.fixture
def kiosk_keys(tmp_path, capsys):
    """``kiosk keys init`` on this (temporary) kiosk; returns the ``kiosk keys export`` JSON."""
    from kiosk import cli

    assert cli.main(["keys", "init"]) == 0
    capsys.readouterr()
    assert cli.main(["keys", "export"]) == 0
    return capsys.readouterr().out


@pytest.fixture
def printed_sheet(tmp_path, kiosk_keys, capsys):
    """printed_sheet(name=None) -> (pdf, png, qr strings): a sheet made by ``kiosk sheet``, rendered
    at 200 dpi, and the strings a scanner reads from it."""
    from clerk_sheets import pdf_to_png

    from kiosk import cli
    from kiosk.clerk.scan import decode_image

    counter = iter(range(1000))

    def make(name: str | None = None, **household):
        n = next(counter)
        values = json.loads(json.dumps(VALUES))
        if name:
            values["persons"][0]["person.name"] = values["household"]["filer.name"] = name
        values["household"].update(household)
        source = tmp_path / f"values{n}.json"
        source.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        pdf = tmp_path / f"sheet{n}.pdf"
        assert cli.main(["sheet", "--form", "juminido", "--values", str(source), "--out", str(pdf)]) == 0
        capsys.readouterr()
        png = pdf_to_png(pdf, tmp_path / f"sheet{n}.png", 200)
        return pdf, png, decode_image(png)

    return make


@pytest.fixture
def shipped_station(db, shipped_catalogue, kiosk_keys):
    from kiosk.clerk import trustlist
    from kiosk.clerk.station import Station

    trustlist.import_entries(db, kiosk_keys, actor="admin01")
    return Station(db, station_id="clerk-01", catalogue=shipped_catalogue, issuer=ISSUER)


@pytest.fixture
def pg_database(postgres_url):
    """A fresh, upgraded database on the real PostgreSQL server: (Database, url)."""
    from fresh_databases import postgres_database

    with postgres_database(postgres_url, "clerk") as made:
        yield made
