"""staff calls

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_calls',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('screen', sa.String(length=32), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('raise_count', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_calls_kiosk_id'), ['kiosk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_calls_acknowledged_at'), ['acknowledged_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_calls_acknowledged_at'))
        batch_op.drop_index(batch_op.f('ix_staff_calls_kiosk_id'))
    op.drop_table('staff_calls')
