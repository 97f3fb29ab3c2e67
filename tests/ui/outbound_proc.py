"""The reference journey in a process that records every network connection, name lookup and
program it makes or starts (Python's audit events), for PRIV-13. Writes them as JSON.

    python outbound_proc.py OUT_JSON   (QT_QPA_PLATFORM, KIOSK_TEST_PRINTER, KIOSK_TEST_DATABASE_URL set)
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

SEEN: dict[str, list[Any]] = {"connect": [], "lookup": [], "programs": []}


def _address(address: Any) -> Any:
    if isinstance(address, tuple):
        return [str(address[0]), int(address[1])]
    return str(address)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        sock, address = args
        SEEN["connect"].append([socket.AddressFamily(sock.family).name, _address(address)])
    elif event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        SEEN["lookup"].append(str(host))
    elif event in ("subprocess.Popen", "os.posix_spawn", "os.exec"):
        SEEN["programs"].append(os.path.basename(os.fsdecode(args[0])))


def main(out: Path) -> int:
    sys.addaudithook(_hook)  # from here on: the kiosk's start, the journey, the sheets printed, the end
    from kiosk.config import Config
    from kiosk.ui import reference
    from kiosk.ui.app import application

    application()
    cfg = reference.demo_config(Config(), out.parent / "data", printer_queue=os.environ["KIOSK_TEST_PRINTER"])
    cfg = replace(cfg, database=replace(cfg.database, url=os.environ["KIOSK_TEST_DATABASE_URL"]))
    setup = reference.start(cfg)
    try:
        played = reference.play(setup, "ja", None)
    finally:
        reference.stop(setup)
    SEEN["sheets"] = len(played.sheets)
    out.write_text(json.dumps(SEEN), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
