"""``kiosk keys``: the kiosk's KS1 signing key (``init`` creates it, ``export`` prints the trust entry)."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("keys", help="the kiosk's signing key for the clerk QR")
    sub = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create this kiosk's key pair (private key file mode 0600)")
    init.add_argument("--algorithm", choices=("EdDSA", "ES256"), default=None,
                      help="default: qr.algorithm from the configuration")
    init.set_defaults(func=handle_init)
    export = sub.add_parser("export", help="print the public key entry (JSON) for clerk trust lists")
    export.set_defaults(func=handle_export)


def handle_init(args: argparse.Namespace) -> int:
    from kiosk import keys
    from kiosk.cli import load_config

    config = load_config(args)
    try:
        entry = keys.init_keys(config.key_dir, kiosk_id=config.kiosk.id,
                               algorithm=args.algorithm or config.qr.algorithm)
    except OSError as exc:  # the key folder cannot be created or written
        from kiosk.errors import QrError

        raise QrError(f"{config.key_dir}: cannot write the key: {exc.strerror or type(exc).__name__}",
                      key="error.data_dir", where=str(config.key_dir)) from exc
    print(json.dumps(entry, ensure_ascii=False, indent=2))
    return 0


def handle_export(args: argparse.Namespace) -> int:
    from kiosk import keys
    from kiosk.cli import load_config

    print(json.dumps(keys.export_entry(load_config(args).key_dir), ensure_ascii=False, indent=2))
    return 0
