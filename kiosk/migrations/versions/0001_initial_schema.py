"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 09:03:19.268705
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    op.create_table('catalogue_publications',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=False),
    sa.Column('catalogue_hash', sa.String(length=64), nullable=False),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('form_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['form_versions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document', 'version')
    )
    with op.batch_alter_table('form_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_versions_document'), ['document'], unique=False)

    op.create_table('issued_sheets',
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('sheet_id')
    )
    with op.batch_alter_table('issued_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_sheets_form_id'), ['form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_sheets_kiosk_id'), ['kiosk_id'], unique=False)

    op.create_table('receipts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=True),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sheet_id')
    )
    op.create_table('session_metrics',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ending', sa.String(length=32), nullable=False),
    sa.Column('last_screen', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('screens', sa.JSON(), nullable=False),
    sa.Column('taps', sa.Integer(), nullable=False),
    sa.Column('typed_chars', sa.Integer(), nullable=False),
    sa.Column('procedures', sa.JSON(), nullable=False),
    sa.Column('fields_total', sa.Integer(), nullable=False),
    sa.Column('fields_prefilled', sa.Integer(), nullable=False),
    sa.Column('card_outcomes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_metrics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_metrics_kiosk_id'), ['kiosk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_metrics_started_at'), ['started_at'], unique=False)

    op.create_table('staff_accounts',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('trusted_keys',
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key_pem', sa.Text(), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kid')
    )


def downgrade() -> None:
    op.drop_table('trusted_keys')
    op.drop_table('staff_accounts')
    with op.batch_alter_table('session_metrics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_metrics_started_at'))
        batch_op.drop_index(batch_op.f('ix_session_metrics_kiosk_id'))

    op.drop_table('session_metrics')
    op.drop_table('receipts')
    with op.batch_alter_table('issued_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_sheets_kiosk_id'))
        batch_op.drop_index(batch_op.f('ix_issued_sheets_form_id'))

    op.drop_table('issued_sheets')
    with op.batch_alter_table('form_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_versions_document'))

    op.drop_table('form_versions')
    op.drop_table('catalogue_publications')
    op.drop_table('audit_log')
