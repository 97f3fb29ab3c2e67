"""``kiosk supervise [options] -- COMMAND...``: keep a command running where systemd is not the
service manager (SEC-02): restart it whenever it ends, and when its watchdog pings stop.

    kiosk supervise --watchdog-sec 10 -- kiosk run
    kiosk supervise --status-file /run/user/1000/kiosk.json -- kiosk clerk --station c1
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "supervise", help="run a command under a supervisor (restart always, watchdog)",
        description="Start COMMAND with $NOTIFY_SOCKET and restart it whenever it exits or stops "
                    "answering the watchdog, like a systemd Type=notify unit with Restart=always.",
    )
    parser.add_argument("--watchdog-sec", type=float, default=10.0,
                        help="restart when no WATCHDOG=1 arrives for this long once ready (0: off; default 10)")
    parser.add_argument("--restart-sec", type=float, default=1.0, help="pause before a restart (default 1)")
    parser.add_argument("--start-timeout-sec", type=float, default=90.0,
                        help="restart when READY=1 has not arrived after this long (default 90)")
    parser.add_argument("--stop-timeout-sec", type=float, default=10.0,
                        help="SIGKILL this long after SIGTERM or SIGABRT (default 10)")
    parser.add_argument("--burst", type=int, default=5,
                        help="quick exits in a row before restarts slow down (default 5)")
    parser.add_argument("--max-delay-sec", type=float, default=30.0,
                        help="longest pause between restarts in a crash loop (default 30)")
    parser.add_argument("--notify-access", choices=("main", "all"), default="main",
                        help="who may notify: the main process only (default) or its children too")
    parser.add_argument("--status-file", type=Path, default=None,
                        help="keep a JSON file with the state (pid, ready, status, starts, last exit)")
    parser.add_argument("argv", nargs=argparse.REMAINDER, metavar="-- COMMAND...",
                        help="the command to keep running")
    parser.set_defaults(func=handler, parser=parser)


def handler(args: argparse.Namespace) -> int:
    from kiosk import log
    from kiosk.supervise import Policy, Supervisor

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        args.parser.error("a command is required after --")
    durations = {"--watchdog-sec": args.watchdog_sec, "--restart-sec": args.restart_sec,
                 "--start-timeout-sec": args.start_timeout_sec, "--stop-timeout-sec": args.stop_timeout_sec,
                 "--max-delay-sec": args.max_delay_sec}
    for option, value in durations.items():
        if not math.isfinite(value) or value < 0:
            args.parser.error(f"{option} must be a finite number of seconds, not negative")
    policy = Policy(
        restart_sec=args.restart_sec, watchdog_sec=args.watchdog_sec or None,
        start_timeout_sec=args.start_timeout_sec, stop_timeout_sec=args.stop_timeout_sec,
        burst=max(1, args.burst), max_delay_sec=args.max_delay_sec,
        notify_access_all=args.notify_access == "all",
    )
    log.setup(None)
    return Supervisor(argv, policy, status_file=args.status_file).run()
