"""Subcommands of ``kiosk``: one module each, exposing ``register(subparsers)``."""
