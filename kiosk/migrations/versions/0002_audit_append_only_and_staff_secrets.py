"""Audit log append-only on PostgreSQL; staff TOTP secrets encrypted and one-time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

- PostgreSQL: a trigger refuses UPDATE, DELETE and TRUNCATE on ``audit_log`` (SEC-13).
- ``staff_accounts.totp_secret`` holds the secret encrypted with a key outside the database
  (longer than the plain base32 text); ``totp_last_step`` remembers the newest accepted TOTP time
  step so a code is never accepted twice.
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_REFUSE = """
CREATE OR REPLACE FUNCTION kiosk_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    with op.batch_alter_table('staff_accounts') as batch:
        batch.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.Text(), existing_nullable=True)
        batch.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_REFUSE)
        op.execute("CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION kiosk_audit_log_append_only()")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION kiosk_audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS kiosk_audit_log_append_only()")
    with op.batch_alter_table('staff_accounts') as batch:
        batch.drop_column('totp_last_step')
        batch.alter_column('totp_secret', existing_type=sa.Text(), type_=sa.String(length=64), existing_nullable=True)
