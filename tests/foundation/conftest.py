"""Fixtures of the foundation tests: a private PostgreSQL cluster that a test may freeze or stop."""

from private_postgres import private_cluster  # noqa: F401 - fixture
