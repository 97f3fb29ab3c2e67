"""Open JTalk in a process of its own, at the lowest processor priority, for speech made ahead of
the screens (:func:`kiosk.jtalk.synthesize` with ``ahead=True``).

Open JTalk keeps the interpreter lock for much of a synthesis: run in a thread beside the one
that speaks the screen on show, it would make that one wait for it (twice as long, measured).
In a process of its own it does not, and the processor goes to the screen's speech first. The
text goes to the process on its standard input and the samples come back on its standard
output (in memory, never on a command line or on disk); the process ends when the kiosk does
(its input closes). If it dies, the next request starts another.

    python -m kiosk.jtalk_ahead   (started by AheadProcess, not by hand)
"""

from __future__ import annotations

import atexit
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from kiosk import jtalk
from kiosk.no_dumps import forbid_core_dumps

NICE = 19  # the lowest priority of the normal scheduling policy
TIMEOUT_S = 30.0  # a phrase not made by then: the process is ended and another started next time
_OK, _UNAVAILABLE, _FAILED = 0, 1, 2


class AheadFailed(RuntimeError):
    """The process could not make the phrase (its error's type name; the text is never in it)."""


class AheadProcess:
    """The client: one request at a time (a lock), the process started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        atexit.register(self.close)

    def synthesize(self, text: str, speed: float) -> jtalk.Speech:
        with self._lock:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            request = json.dumps({"text": text, "speed": speed}).encode("utf-8")
            try:
                process.stdin.write(struct.pack("<I", len(request)) + request)
                process.stdin.flush()
                deadline = time.monotonic() + TIMEOUT_S
                status, rate, size = struct.unpack("<BII", _read(process.stdout, 9, deadline))
                body = _read(process.stdout, size, deadline)
            except (OSError, EOFError, TimeoutError) as exc:
                self._end()
                raise AheadFailed(type(exc).__name__) from None
        if status == _UNAVAILABLE:
            raise jtalk.JTalkUnavailable(body.decode("utf-8", "replace"))
        if status != _OK:
            raise AheadFailed(body.decode("utf-8", "replace"))
        return jtalk.Speech(samples=body, sample_rate=rate)

    @property
    def pid(self) -> int | None:
        """The process's id while it runs (a new one after a restart), else None."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is not None:  # it died: another
            self._end()
        if self._process is None:
            here = str(Path(__file__).resolve().parent.parent)  # this checkout's kiosk package
            path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
            self._process = subprocess.Popen([sys.executable, "-m", "kiosk.jtalk_ahead"],  # noqa: S603
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
                                             env={**os.environ, "PYTHONPATH": path})
        return self._process

    def _end(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()

    def close(self) -> None:
        """At exit: close its input (it ends) and wait for it."""
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _read(stream: IO[bytes], size: int, deadline: float) -> bytes:
    """Exactly ``size`` bytes from ``stream`` by ``deadline``."""
    parts: list[bytes] = []
    fd = stream.fileno()
    while size > 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The process: each request (length, then JSON text and speed) answered with its status,
    sample rate, length and the samples (or the error's type name); ends when its input does."""
    while True:
        head = requests.read(4)
        if len(head) < 4:
            return
        request = json.loads(requests.read(struct.unpack("<I", head)[0]).decode("utf-8"))
        try:
            speech = jtalk.synthesize(str(request["text"]), speed=float(request["speed"]))
            status, rate, body = _OK, speech.sample_rate, speech.samples
        except jtalk.JTalkUnavailable as exc:
            status, rate, body = _UNAVAILABLE, 0, str(exc).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - reported by type to the kiosk, which goes on
            status, rate, body = _FAILED, 0, type(exc).__name__.encode("utf-8")
        try:
            replies.write(struct.pack("<BII", status, rate, len(body)) + body)
            replies.flush()
        except BrokenPipeError:  # the kiosk has gone (killed mid-phrase): end quietly
            return


if __name__ == "__main__":
    forbid_core_dumps()  # it holds the phrases of a resident's review (PRIV-09)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, NICE)
    except (AttributeError, OSError):  # not on this platform: the usual priority
        pass
    replies = os.fdopen(os.dup(1), "wb")  # the replies' own descriptor: the library's messages
    os.dup2(2, 1)  # written to standard output go to standard error, not into a reply
    serve(sys.stdin.buffer, replies)
    try:
        replies.close()
    except BrokenPipeError:  # what was left for a kiosk that has gone
        pass
