"""PRIV-13: the kiosk connects to no host outside its allow-list (the database server, the print
queue, the card reader). The reference journey on the real services, in a process of its own that
records every connection, name lookup and program started (Python's audit events): the database's
host, local sockets and the test stand's virtual card reader only; the print system's own programs
(and the C library's list of libraries) only. (Connections made inside C libraries, libpq and pcsc-lite, are not seen here: they go to the
configured database and the local pcscd by construction.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk.ui.reference import VPCD_HOST, VPCD_PORT

HERE = Path(__file__).resolve().parent
PROGRAMS = {"lp", "lpstat", "ipptool", "cancel", "lpoptions",  # the print system's
            "ldconfig"}  # the C library's list of libraries (ctypes.util.find_library), read locally


def test_priv13_the_reference_journey_reaches_no_host_beyond_its_database_printer_and_reader(
        tmp_path, pcsc, printer_queue, postgres_url):
    out = tmp_path / "seen.json"
    env = dict(os.environ, KIOSK_TEST_PRINTER=printer_queue, KIOSK_TEST_DATABASE_URL=postgres_url,
               KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_CONFIG=str(tmp_path / "no-config.toml"),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(HERE / "outbound_proc.py"), str(out)], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["sheets"] >= 1  # the journey ran to its printed sheets
    database = make_url(postgres_url)
    allowed_hosts = {str(database.host or "localhost"), "localhost", VPCD_HOST}
    allowed = {(str(database.host or "localhost"), int(database.port or 5432)), (VPCD_HOST, VPCD_PORT)}
    network = [tuple(address) for family, address in seen["connect"] if family in ("AF_INET", "AF_INET6")]
    assert network, "the database's reachability probe was not seen: the recording is broken"
    assert set(network) <= allowed, f"connections beyond the allow-list: {set(network) - allowed}"
    assert set(seen["lookup"]) <= allowed_hosts, f"names looked up: {set(seen['lookup']) - allowed_hosts}"
    assert set(seen["programs"]) <= PROGRAMS, f"programs started: {set(seen['programs']) - PROGRAMS}"
