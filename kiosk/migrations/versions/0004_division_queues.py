"""division queues: bundles, waiting numbers, queued sheets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('queue_bundles',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('route', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('queue_tickets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('division', sa.String(length=64), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('next_division', sa.String(length=64), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taken_by', sa.String(length=64), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('called_by', sa.String(length=64), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bundle_id'], ['queue_bundles.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('division', 'day', 'number')
    )
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_tickets_bundle_id'), ['bundle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_tickets_division'), ['division'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_tickets_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_tickets_called_at'), ['called_at'], unique=False)
    op.create_table('queue_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.String(length=32), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_by', sa.String(length=64), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('data_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sheet_id')
    )
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_items_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_items_data_until'), ['data_until'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_items_data_until'))
        batch_op.drop_index(batch_op.f('ix_queue_items_ticket_id'))
    op.drop_table('queue_items')
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_tickets_called_at'))
        batch_op.drop_index(batch_op.f('ix_queue_tickets_day'))
        batch_op.drop_index(batch_op.f('ix_queue_tickets_division'))
        batch_op.drop_index(batch_op.f('ix_queue_tickets_bundle_id'))
    op.drop_table('queue_tickets')
    op.drop_table('queue_bundles')
