"""A private PostgreSQL 15 cluster for tests that freeze (SIGSTOP) or stop the server, so the
shared test server of ``script/with-services`` is never touched. It runs as the ``postgres`` user
on a free port of 127.0.0.1, like ``script/with-services`` does, and is always thawed and stopped
afterwards."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PGBIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateCluster:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "pg"
        self.sock = root / "sock"
        self.port = _free_port()
        self.frozen: list[int] = []

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    def init(self) -> None:
        self.sock.mkdir()
        entry = pwd.getpwnam("postgres")
        os.chown(self.sock, entry.pw_uid, entry.pw_gid)
        self._as_postgres(str(PGBIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                          "--no-locale", "--no-sync")

    def start(self) -> None:
        # fsync off is safe here (the host does not crash); every commit is still written before the
        # client hears of it, so an immediate stop loses nothing that was committed.
        options = f"-k {self.sock} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                          "-t", "60", "-o", options, "start")

    def stop(self) -> None:
        """``pg_ctl stop -m immediate``: the server goes away at once, connections break."""
        self.thaw()
        self._as_postgres(str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _server_pids(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        pids = [postmaster]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == postmaster:
                    pids.append(int(entry.name))
        return pids

    def freeze(self) -> None:
        """SIGSTOP the postmaster and every backend: the host still accepts TCP, nobody answers."""
        self.frozen = self._server_pids()
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.frozen:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.frozen = []

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@pytest.fixture
def private_cluster(postgres_url: str) -> Iterator[PrivateCluster]:
    """A started private cluster. Needs the services run (``postgres_url`` says so) as root.

    Its files live in a directory of /tmp that the ``postgres`` user can enter (pytest's
    ``tmp_path`` is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-private-pg-"))
    entry = pwd.getpwnam("postgres")
    os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = PrivateCluster(root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.thaw()
        if cluster.running():
            subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D", str(cluster.data),
                            "-m", "immediate", "-w", "stop"], check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
