-- Least-privilege PostgreSQL roles for the kiosk (SEC-11); see README, "Least-privilege roles".
-- Run as a superuser after 'kiosk db upgrade' (run as kiosk_owner). tests/foundation/test_roles.py applies it.
CREATE ROLE kiosk_owner LOGIN;            -- runs 'kiosk db upgrade'; owns every table
CREATE ROLE kiosk LOGIN;                  -- resident kiosks
CREATE ROLE clerk LOGIN;                  -- clerk stations and 'kiosk verify --database'
CREATE ROLE admin LOGIN;                  -- administrators' workbench and staff/trust commands
CREATE ROLE counter LOGIN;                -- 'kiosk counter': a clerk's desk that prints as a kiosk does
GRANT kiosk, clerk TO counter;
GRANT USAGE ON SCHEMA public TO kiosk, clerk, admin;
GRANT SELECT ON alembic_version TO kiosk, clerk, admin;
-- everyone appends to the audit log and never changes it (the trigger refuses it even for the owner)
GRANT SELECT, INSERT ON audit_log TO kiosk, clerk, admin;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO kiosk, clerk, admin;
-- kiosk: records what it printed and its anonymous metrics; reads the published catalogue
GRANT INSERT ON issued_sheets TO kiosk;
GRANT INSERT, SELECT (id) ON session_metrics TO kiosk;  -- the id an insert returns, nothing else
GRANT USAGE ON SEQUENCE session_metrics_id_seq TO kiosk;
GRANT SELECT ON catalogue_publications, form_versions TO kiosk;
-- clerk: trust list (read), receipts, sheet status, staff sign-in (failure count, lock, last code)
GRANT SELECT ON trusted_keys, issued_sheets, receipts TO clerk;
GRANT INSERT ON receipts TO clerk;
GRANT USAGE ON SEQUENCE receipts_id_seq TO clerk;
GRANT UPDATE (status) ON issued_sheets TO clerk;
GRANT SELECT, UPDATE (failures, locked_until, totp_last_step, password_hash, totp_secret)
    ON staff_accounts TO clerk;
GRANT SELECT ON catalogue_publications, form_versions TO clerk;
-- admin: everything a clerk may, plus accounts, trust list, form versions and publications
GRANT clerk TO admin;
GRANT INSERT ON staff_accounts TO admin;
GRANT INSERT, UPDATE ON trusted_keys TO admin;
GRANT INSERT, UPDATE ON form_versions, catalogue_publications TO admin;
GRANT USAGE ON SEQUENCE form_versions_id_seq, catalogue_publications_id_seq TO admin;
GRANT SELECT ON session_metrics TO admin;
-- division queues (kiosk.routing): a kiosk issues waiting numbers when it prints a bundle; clerk
-- stations receive sheets into the queues, move tickets along, call numbers and purge received data
GRANT SELECT, INSERT ON queue_bundles, queue_tickets TO kiosk;
GRANT INSERT, SELECT (id, ticket_id, sheet_id, form_id, arrived_at) ON queue_items TO kiosk;  -- never the received data
GRANT USAGE ON SEQUENCE queue_bundles_id_seq, queue_tickets_id_seq, queue_items_id_seq TO kiosk;
GRANT SELECT, INSERT, UPDATE ON queue_bundles, queue_tickets, queue_items TO clerk;
GRANT USAGE ON SEQUENCE queue_bundles_id_seq, queue_tickets_id_seq, queue_items_id_seq TO clerk;
-- heartbeats (REL-10): a kiosk writes its own last beat over the one before; clerk stations read them
GRANT SELECT, INSERT, UPDATE ON kiosk_heartbeats TO kiosk;
GRANT SELECT ON kiosk_heartbeats TO clerk;
GRANT UPDATE (state) ON kiosk_heartbeats TO admin;  -- 'kiosk admin retire-kiosk': a kiosk taken away
-- staff calls (係員を呼ぶ) and the alerts a kiosk raises itself: a kiosk records them and reads whether
-- staff answered; clerk stations list, raise again and acknowledge them; the counter records its printer's
GRANT SELECT, INSERT ON staff_calls TO kiosk;
GRANT USAGE ON SEQUENCE staff_calls_id_seq TO kiosk;
GRANT SELECT, INSERT, UPDATE (raised_at, raise_count, acknowledged_at, acknowledged_by) ON staff_calls TO clerk;
GRANT USAGE ON SEQUENCE staff_calls_id_seq TO clerk;
-- staff cards (SEC-09): a kiosk reads what checking a staff card needs, never who enrolled it or when;
-- administrators enrol and revoke them ('kiosk admin enrol-card', 'kiosk admin revoke-card')
GRANT SELECT (id, account, fingerprint, public_key, not_after, revoked_at) ON staff_cards TO kiosk;
GRANT SELECT, INSERT, UPDATE (enrolled_at, enrolled_by, not_after, public_key, revoked_at) ON staff_cards TO admin;
GRANT USAGE ON SEQUENCE staff_cards_id_seq TO admin;
