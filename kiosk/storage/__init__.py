"""Storage: SQLAlchemy 2 models, Alembic migrations, the audit chain. SQLite by default (WAL,
synchronous=FULL); PostgreSQL (psycopg 3) when several kiosks and clerk stations share a server.
Personal data is never stored here: sheets are recorded by id, metrics are anonymous."""
