-- The chain starts from a fixed genesis hash; appenders lock this row to extend the chain in order.
INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000') ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Append-only: the application never updates or deletes audit rows. Someone who can disable this
-- trigger can still edit rows; `airlock audit verify` then names the first broken link.
CREATE OR REPLACE FUNCTION airlock_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION airlock_audit_append_only();
