"""A process supervisor for machines without systemd (and for the tests): what a ``Type=notify``
unit with ``Restart=always`` and ``WatchdogSec=`` does, for one command (SEC-02).

- The command runs in its own session with ``$NOTIFY_SOCKET`` naming an abstract datagram
  socket the supervisor reads; only the main process may notify (``NotifyAccess=main``, checked
  with the kernel's sender credentials).
- Whenever it exits, with any status or signal, it starts again after ``restart_sec``.
- Once it has reported ``READY=1`` (or sent its first ping) and a watchdog is set, a silence of
  ``watchdog_sec`` sends SIGABRT, then SIGKILL after ``stop_timeout_sec``, like systemd. Before
  that, ``start_timeout_sec`` bounds the start (SIGTERM, then SIGKILL).
- A crash loop is slowed down: after ``burst`` quick exits in a row (never ready, or up for less
  than ``quick_sec``) the delay doubles up to ``max_delay_sec``; a run that stays up resets it.
- SIGTERM, SIGINT or SIGHUP to the supervisor stop the command (SIGTERM, then SIGKILL after
  ``stop_timeout_sec``) and everything it left in its session, then the supervisor exits 0.

Logs carry the process id, exit status or signal and the screen names the program reports; the
command line is logged by its program name only. An optional status file (JSON, replaced
atomically) lets operators and tests see the state.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.log import get_logger
from kiosk.watchdog import parse_message

LOG = get_logger(__name__)
_UCRED = struct.Struct("iII")  # pid, uid, gid
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@dataclass(frozen=True)
class Policy:
    restart_sec: float = 1.0
    watchdog_sec: float | None = 10.0
    start_timeout_sec: float = 90.0
    stop_timeout_sec: float = 10.0
    burst: int = 5
    quick_sec: float = 10.0
    max_delay_sec: float = 30.0
    notify_access_all: bool = False

    def restart_delay(self, quick_exits: int) -> float:
        """Seconds to wait before the next start after ``quick_exits`` quick exits in a row."""
        if quick_exits < self.burst:
            return self.restart_sec
        doubled: float = max(self.restart_sec, 0.5) * 2.0 ** (quick_exits - self.burst + 1)
        return min(self.max_delay_sec, doubled)


@dataclass
class State:
    """What the status file holds."""

    supervisor_pid: int = field(default_factory=os.getpid)
    state: str = "starting"  # starting | running | restarting | stopping | stopped
    pid: int | None = None
    ready: bool = False
    status: str = ""
    starts: int = 0
    last_exit: str = ""
    watchdog_timeouts: int = 0


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


class Supervisor:
    def __init__(self, argv: Sequence[str], policy: Policy, *, status_file: Path | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        if not argv:
            raise ValueError("no command to supervise")
        self.argv = list(argv)
        self.name = Path(self.argv[0]).name
        self.policy = policy
        self.status_file = status_file
        self.environ = dict(os.environ if environ is None else environ)
        self.state = State()
        self._stop = threading.Event()  # set from the signal handler
        self._sock: socket.socket | None = None
        self._wake_r = self._wake_w = -1

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    # Running ------------------------------------------------------------------------------
    def run(self) -> int:
        self._open()
        try:
            quick = 0
            first = True
            while not self.stop_requested:
                if not first:
                    delay = self.policy.restart_delay(quick)
                    if quick >= self.policy.burst:
                        LOG.warning("%s: crash loop (%d quick exits in a row), next start in %.0f s",
                                    self.name, quick, delay)
                    self._set(state="restarting")
                    self._sleep(delay)
                    if self._stop.is_set():
                        break
                first = False
                started = time.monotonic()
                ready, returncode = self._run_once()
                ran = time.monotonic() - started
                quick = quick + 1 if (not ready or ran < self.policy.quick_sec) else 0
                if returncode is not None and not self.stop_requested:
                    LOG.warning("%s (pid %s) ended with %s after %.1f s; restarting in %.1f s",
                                self.name, self.state.pid, describe_exit(returncode), ran,
                                self.policy.restart_delay(quick))
            self._set(state="stopped", pid=None, ready=False, status="")
            LOG.info("%s: supervisor stopped", self.name)
            return 0
        finally:
            self._close()

    def _run_once(self) -> tuple[bool, int | None]:
        """Start the command and watch it until it ends; (became ready, return code)."""
        env = dict(self.environ)
        assert self._sock is not None
        address = self._sock.getsockname()
        env["NOTIFY_SOCKET"] = "@" + address[1:].decode() if isinstance(address, bytes) else str(address)
        env.pop("WATCHDOG_PID", None)
        if self.policy.watchdog_sec:
            env["WATCHDOG_USEC"] = str(int(self.policy.watchdog_sec * 1_000_000))
        else:
            env.pop("WATCHDOG_USEC", None)
        try:
            child = subprocess.Popen(self.argv, env=env, start_new_session=True)
        except OSError as exc:
            LOG.error("%s could not be started: %s", self.name, type(exc).__name__)
            self._set(state="restarting", pid=None, ready=False, last_exit="not started")
            return False, None
        self._set(state="starting", pid=child.pid, ready=False, status="", starts=self.state.starts + 1)
        LOG.info("%s started (pid %d)", self.name, child.pid)
        try:
            returncode = self._watch(child)
        finally:
            _kill_group(child.pid, signal.SIGKILL)  # whatever it left behind (KillMode=control-group)
        self._set(last_exit=describe_exit(returncode))
        return self.state.ready, returncode

    def _watch(self, child: subprocess.Popen[bytes]) -> int:
        policy = self.policy
        pidfd = _pidfd(child.pid)
        started = time.monotonic()
        last_ping: float | None = None
        kill_at: float | None = None
        stopping = False
        try:
            while True:
                code = child.poll()
                if code is not None:
                    return code
                now = time.monotonic()
                if self.stop_requested and not stopping:
                    stopping = True
                    self._set(state="stopping")
                    LOG.info("%s: stopping (pid %d)", self.name, child.pid)
                    _kill_group(child.pid, signal.SIGTERM)
                    kill_at = now + policy.stop_timeout_sec
                deadlines: list[float] = []
                if kill_at is not None:
                    if now >= kill_at:
                        LOG.warning("%s (pid %d) did not end in time: SIGKILL", self.name, child.pid)
                        _kill_group(child.pid, signal.SIGKILL)
                        kill_at = now + 3600.0  # SIGKILL cannot be ignored: wait for the exit
                    deadlines.append(kill_at)
                elif last_ping is None and not self.state.ready:
                    if now - started >= policy.start_timeout_sec:
                        LOG.error("%s (pid %d) not ready after %.0f s: SIGTERM", self.name, child.pid,
                                  policy.start_timeout_sec)
                        _kill_group(child.pid, signal.SIGTERM)
                        kill_at = now + policy.stop_timeout_sec
                        continue
                    deadlines.append(started + policy.start_timeout_sec)
                elif policy.watchdog_sec:
                    since = last_ping if last_ping is not None else now
                    if now - since >= policy.watchdog_sec:
                        LOG.error("%s (pid %d): watchdog timeout (no ping for %.1f s): SIGABRT",
                                  self.name, child.pid, policy.watchdog_sec)
                        self._set(watchdog_timeouts=self.state.watchdog_timeouts + 1)
                        _signal(child.pid, signal.SIGABRT)
                        kill_at = now + policy.stop_timeout_sec
                        continue
                    deadlines.append(since + policy.watchdog_sec)
                timeout = max(0.0, min(deadlines) - now) if deadlines else None
                if pidfd is None:  # no pidfd: poll for the exit
                    timeout = 0.1 if timeout is None else min(timeout, 0.1)
                assert self._sock is not None
                sock_fd = self._sock.fileno()
                watched = [sock_fd, self._wake_r] + ([pidfd] if pidfd is not None else [])
                readable, _, _ = select.select(watched, [], [], timeout)
                if self._wake_r in readable:
                    _drain(self._wake_r)
                if sock_fd in readable:
                    for fields in self._receive(child.pid):
                        if "WATCHDOG" in fields and fields["WATCHDOG"] == "1":
                            last_ping = time.monotonic()
                        self._apply(fields, child.pid)
                        if fields.get("READY") == "1" and last_ping is None:
                            last_ping = time.monotonic()
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _apply(self, fields: Mapping[str, str], pid: int) -> None:
        changes: dict[str, object] = {}
        if "STATUS" in fields and fields["STATUS"] != self.state.status:
            changes["status"] = fields["STATUS"]
            LOG.info("%s (pid %d): %s", self.name, pid, fields["STATUS"])
        if fields.get("READY") == "1" and not self.state.ready:
            changes.update(ready=True, state="running")
            LOG.info("%s (pid %d) ready", self.name, pid)
        if fields.get("STOPPING") == "1" and self.state.state != "stopping":
            changes["state"] = "stopping"
        if changes:
            self._set(**changes)

    def _receive(self, pid: int) -> list[dict[str, str]]:
        assert self._sock is not None
        messages: list[dict[str, str]] = []
        while True:
            try:
                data, ancillary, _flags, _addr = self._sock.recvmsg(4096, socket.CMSG_SPACE(_UCRED.size))
            except BlockingIOError:
                return messages
            sender = None
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    sender = _UCRED.unpack(payload[: _UCRED.size])[0]
            if not self.policy.notify_access_all and sender != pid:
                LOG.warning("%s: notification from pid %s ignored (only the main process may notify)",
                            self.name, sender)
                continue
            messages.append(parse_message(data))

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stop_requested:
            left = end - time.monotonic()
            if left <= 0:
                return
            readable, _, _ = select.select([self._wake_r], [], [], left)
            if readable:
                _drain(self._wake_r)

    # Set-up -------------------------------------------------------------------------------
    def _open(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.bind(f"\0kiosk-supervise/{os.getpid()}/{secrets.token_hex(8)}")
        self._sock = sock
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        for signum in _STOP_SIGNALS:
            signal.signal(signum, self._on_stop_signal)
        self._set()

    def _close(self) -> None:
        signal.set_wakeup_fd(-1)
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def _on_stop_signal(self, signum: int, _frame: object) -> None:
        self._stop.set()

    def _set(self, **changes: object) -> None:
        for key, value in changes.items():
            setattr(self.state, key, value)
        if self.status_file is None:
            return
        tmp = self.status_file.with_name(self.status_file.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self.state), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.status_file)


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _signal(pid: int, signum: signal.Signals) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _kill_group(pid: int, signum: signal.Signals) -> None:
    """The command leads its own session and process group (``start_new_session``)."""
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass
