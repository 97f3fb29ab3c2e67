"""Engine and session handling for SQLite (embedded default) and PostgreSQL (shared server).

A database that stops answering never blocks a caller for long: on PostgreSQL a connect
timeout, ``statement_timeout`` and ``lock_timeout`` (server side), TCP keepalives and
``tcp_user_timeout`` (a dead host or network), and a client-side reply deadline (a server that
accepts bytes but never answers, e.g. a frozen process); on SQLite a busy timeout. Every failure to
reach or use the server (REL-07) surfaces as :class:`~kiosk.errors.DatabaseUnreachable` with the message key
``db.unreachable`` — never as a verdict about the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg.abc import PQGen
from psycopg.errors import _WaitTimeout  # what Connection.wait raises when its timeout expires
from psycopg.rows import TupleRow
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import Config, DatabaseSection
from kiosk.errors import DatabaseUnreachable, StorageError
from kiosk.storage.audit import PENDING_CHECKPOINTS
from kiosk.storage.checkpoints import Checkpoint, CheckpointLog

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
REPLY_GRACE_SECONDS = 1.0  # the client waits this much longer than statement_timeout for any reply
# The pool's check of an idle connection before use: an idle backend answers at once, and a late
# answer only costs a new connection, so a frozen server is noticed without a full reply timeout.
PING_REPLY_SECONDS = 2.0

RV = TypeVar("RV")


class _GuardedConnection(psycopg.Connection[TupleRow]):
    """A psycopg connection that gives up on a server that does not reply within ``reply_timeout``.

    TCP keepalives cannot see a server process that is stopped while its host still acknowledges
    packets; this deadline can. The connection is closed on expiry, so the pool discards it."""

    reply_timeout: float | None = None

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        saved, self.reply_timeout = self.reply_timeout, seconds
        try:
            yield
        finally:
            self.reply_timeout = saved

    def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        try:
            return super().wait(gen, interval, timeout if timeout is not None else self.reply_timeout)
        except _WaitTimeout:
            self.close()
            raise psycopg.errors.ConnectionTimeout(
                f"no reply from the database server within {self.reply_timeout} s") from None


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, object], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect


def postgres_connect_args(settings: DatabaseSection) -> dict[str, object]:
    """libpq/psycopg connection parameters for the configured timeouts and TLS (SEC-11:
    ``sslmode = "verify-full"`` with ``sslrootcert`` naming the CA file)."""
    statement_ms = settings.statement_timeout_seconds * 1000
    tls: dict[str, object] = {}
    if settings.sslmode:
        tls["sslmode"] = settings.sslmode
    if settings.sslrootcert:
        tls["sslrootcert"] = str(Path(settings.sslrootcert).expanduser())
    return tls | {
        "connect_timeout": settings.connect_timeout_seconds,
        "options": f"-c statement_timeout={statement_ms} -c lock_timeout={settings.lock_timeout_seconds * 1000}",
        "keepalives": 1,
        "keepalives_idle": settings.keepalive_seconds,
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": int((settings.statement_timeout_seconds + REPLY_GRACE_SECONDS) * 1000),
    }


class Database:
    """One database: ``Database(url)``; ``with db.session() as s: ...`` commits on success.

    ``settings`` carries the timeouts (``[database]`` in the configuration); without it the
    defaults apply, with ``connect_timeout`` as given."""

    def __init__(self, url: str, *, connect_timeout: int = 5, settings: DatabaseSection | None = None,
                 key_dir: Path | None = None) -> None:
        self.url = url
        self.settings = settings if settings is not None else DatabaseSection(connect_timeout_seconds=connect_timeout)
        self.connect_timeout = self.settings.connect_timeout_seconds
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as exc:  # the URL itself (it may hold a password) is not echoed
            raise StorageError(f"database URL cannot be parsed ({type(exc).__name__})", key="error.database_url") from exc
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                folder = Path(parsed.database).parent
                try:
                    _private_sqlite_file(Path(parsed.database))
                except OSError as exc:
                    raise StorageError(f"{folder}: cannot create: {exc.strerror or type(exc).__name__}",
                                       key="error.data_dir", where=str(folder)) from exc
            kwargs["connect_args"] = {"timeout": self.settings.busy_timeout_seconds}
        elif self.dialect == "postgresql":
            kwargs["connect_args"] = postgres_connect_args(self.settings)
            kwargs["pool_pre_ping"] = True
            kwargs["pool_timeout"] = self.settings.pool_timeout_seconds
        else:
            raise StorageError(f"unsupported database URL scheme {parsed.drivername!r}", key="error.database_url")
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas(self.settings.busy_timeout_seconds * 1000))
        elif parsed.get_driver_name() == "psycopg":
            event.listen(self.engine, "do_connect", self._connect_guarded)
            self._dialect_ping = self.engine.dialect.do_ping
            self.engine.dialect.do_ping = self._ping  # type: ignore[method-assign]  # pool_pre_ping's check
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The station's keys (outside the database): audit checkpoints and the staff-secrets key.
        self.key_dir = Path(key_dir) if key_dir is not None else Config().key_dir
        tag = hashlib.sha256(self.safe_url.encode("utf-8")).hexdigest()[:12]
        self.checkpoints = CheckpointLog(self.key_dir, tag)
        event.listen(self._sessions, "after_commit", self._after_commit)
        event.listen(self._sessions, "after_rollback", _drop_pending)

    def _after_commit(self, session: Session) -> None:
        pending: list[Checkpoint] = session.info.pop(PENDING_CHECKPOINTS, [])
        if pending:
            self.checkpoints.record(pending)

    @property
    def reply_timeout(self) -> float:
        """Seconds a PostgreSQL round trip may take before the server counts as unreachable."""
        return self.settings.statement_timeout_seconds + REPLY_GRACE_SECONDS

    def _connect_guarded(self, _dialect: object, _record: object, cargs: tuple[object, ...],
                         cparams: dict[str, Any]) -> _GuardedConnection:
        connection = _GuardedConnection.connect(*cargs, **cparams)  # type: ignore[arg-type]
        connection.reply_timeout = self.reply_timeout
        return connection

    def _ping(self, dbapi_connection: DBAPIConnection) -> bool:
        connection: object = dbapi_connection  # SQLAlchemy's protocol type; the object is psycopg's
        if isinstance(connection, _GuardedConnection):
            with connection.deadline(min(PING_REPLY_SECONDS, self.reply_timeout)):
                return self._dialect_ping(dbapi_connection)
        return self._dialect_ping(dbapi_connection)

    def unreachable(self, exc: BaseException) -> DatabaseUnreachable:
        """The typed error for a failure to reach or use the server. Its detail names the error's
        type and the server, never the statement or its parameters (they may carry personal data)."""
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        return DatabaseUnreachable(f"database {self.safe_url} unusable: {type(orig).__name__}", where=self.safe_url)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success. A lost or unanswering server raises
        :class:`DatabaseUnreachable` within the configured timeouts."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except (OperationalError, PoolTimeout) as exc:
            _quiet_rollback(session)
            raise self.unreachable(exc) from exc
        except DBAPIError as exc:
            _quiet_rollback(session)
            if exc.connection_invalidated:
                raise self.unreachable(exc) from exc
            raise
        except BaseException:
            _quiet_rollback(session)
            raise
        finally:
            with contextlib.suppress(OperationalError, DBAPIError):
                session.close()

    def probe(self) -> None:
        """One round trip (``SELECT 1``); raises :class:`DatabaseUnreachable` within the timeouts."""
        with self.session() as s:
            s.execute(text("SELECT 1"))

    def check_reachable(self) -> None:
        """Raise :class:`DatabaseUnreachable` within the connect timeout if the server cannot be used."""
        if self.dialect == "postgresql":
            host, port = _host_port(self.url)
            if host and not host.startswith("/"):
                try:
                    socket.create_connection((host, port), timeout=self.connect_timeout).close()
                except OSError as exc:
                    raise DatabaseUnreachable(
                        f"database server {host}:{port} unreachable: {exc.strerror or exc}", where=f"{host}:{port}",
                        key="error.database_unreachable",
                    ) from exc
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (OperationalError, PoolTimeout) as exc:
            orig = exc.orig if isinstance(exc, DBAPIError) else exc
            raise DatabaseUnreachable(f"database unusable: {orig}", where=self.safe_url,
                                      key="error.database_unreachable") from exc

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

    def sqlite_path(self) -> Path | None:
        """The embedded database's file; None for PostgreSQL and an in-memory database."""
        database = make_url(self.url).database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    def check_integrity(self) -> None:
        """REL-09: SQLite's ``PRAGMA quick_check`` on the embedded database's file, once per
        process; :class:`~kiosk.errors.DatabaseDamaged` when it finds damage (its connections are
        closed then). Nothing to check on PostgreSQL."""
        from kiosk.storage import integrity

        path = self.sqlite_path()
        if path is None:
            return
        try:
            integrity.check_once(self.engine, path)
        except BaseException:
            self.engine.dispose()
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING_CHECKPOINTS, None)


def _private_sqlite_file(path: Path) -> None:
    """The SQLite file and its WAL/shared-memory files are readable by the kiosk's user only
    (PRIV-07): the folder is created 0700 and the files 0600 before SQLite opens them."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        file = path.with_name(path.name + suffix)
        if suffix == "":
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT, 0o600))
        if file.exists():
            os.chmod(file, 0o600)


def _quiet_rollback(session: Session) -> None:
    with contextlib.suppress(OperationalError, DBAPIError, PoolTimeout):
        session.rollback()


def alembic_config(url: str) -> AlembicConfig:
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


def database_for(config: Config, url: str | None = None, *, check: bool = True) -> Database:
    """The database of a configuration (or ``url`` instead of its own) with its timeouts. An
    embedded (SQLite) database is checked first, once per process (:meth:`Database.check_integrity`,
    REL-09): a damaged file raises :class:`~kiosk.errors.DatabaseDamaged`; ``check=False`` is for
    ``kiosk doctor``, which runs the full check itself."""
    db = Database(url or config.database_url, settings=config.database, key_dir=config.key_dir)
    if check:
        db.check_integrity()
    return db


def open_database(config: Config) -> Database:
    """The database named by the configuration, upgraded to the current schema."""
    db = database_for(config)
    db.upgrade()
    return db
