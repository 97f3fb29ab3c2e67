"""kiosk heartbeats

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kiosk_heartbeats',
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('beat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('printer', sa.String(length=16), nullable=False),
    sa.Column('reader', sa.String(length=16), nullable=False),
    sa.Column('database', sa.String(length=16), nullable=False),
    sa.Column('disk', sa.String(length=16), nullable=False),
    sa.Column('clock', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('kiosk_id')
    )


def downgrade() -> None:
    op.drop_table('kiosk_heartbeats')
