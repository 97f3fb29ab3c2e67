"""Engine and session handling for SQLite (embedded default) and PostgreSQL (shared server)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import DatabaseUnreachable, StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """One database: ``Database(url)``; ``with db.session() as s: ...`` commits on success."""

    def __init__(self, url: str, *, connect_timeout: int = 5) -> None:
        self.url = url
        self.connect_timeout = connect_timeout
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict = {"future": True}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": connect_timeout}
        elif self.dialect == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": connect_timeout}
            kwargs["pool_pre_ping"] = True
        else:
            raise StorageError(f"unsupported database URL scheme {parsed.drivername!r}", key="error.database_url")
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check_reachable(self) -> None:
        """Raise :class:`DatabaseUnreachable` within the connect timeout if the server cannot be used."""
        if self.dialect == "postgresql":
            host, port = _host_port(self.url)
            if host and not host.startswith("/"):
                try:
                    socket.create_connection((host, port), timeout=self.connect_timeout).close()
                except OSError as exc:
                    raise DatabaseUnreachable(
                        f"database server {host}:{port} unreachable: {exc.strerror or exc}", where=f"{host}:{port}"
                    ) from exc
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            raise DatabaseUnreachable(f"database unusable: {exc.orig}", where=self.safe_url) from exc

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def upgrade(self, revision: str = "head") -> None:
        """Create or migrate the schema with Alembic."""
        from alembic import command

        self.check_reachable()
        with self.engine.begin() as connection:
            cfg = alembic_config(self.url)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _host_port(url: str) -> tuple[str | None, int]:
    parsed = make_url(url)
    if parsed.host:
        return parsed.host, parsed.port or 5432
    split = urlsplit(url)
    return split.hostname, split.port or 5432


def open_database(config) -> Database:
    """The database named by the configuration, upgraded to the current schema."""
    db = Database(config.database_url, connect_timeout=config.database.connect_timeout_seconds)
    db.upgrade()
    return db
