CREATE TABLE "case_serials" (
	"owner_org_id" uuid NOT NULL,
	"environment_code" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_serials_owner_org_id_environment_code_pk" PRIMARY KEY("owner_org_id","environment_code")
);
--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_case_id_unique";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "auth_throttle" ADD COLUMN "locks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_prefixes" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "org_prefixes" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "org_prefixes" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_serials" ADD CONSTRAINT "case_serials_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "cases_case_id_idx" ON "cases" USING btree ("case_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_case_id" UNIQUE("owner_org_id","case_id");--> statement-breakpoint
-- Prefixes registered before approvals existed stay in force unless they overlap another organisation's prefix;
-- those wait for a platform admin like new ones.
UPDATE "org_prefixes" p SET "status" = 'approved', "approved_at" = now()
  WHERE NOT EXISTS (SELECT 1 FROM "org_prefixes" o WHERE o."org_id" <> p."org_id" AND o."cidr" && p."cidr");
--> statement-breakpoint
-- The hash of one audit entry: SHA-256 over a JSON array of the previous hash and every column, so no separator can
-- be forged; timestamps in UTC with microseconds, details as jsonb's canonical text.
CREATE OR REPLACE FUNCTION audit_log_entry_hash(prev text, e audit_log) RETURNS text AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    prev, e.seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor_id, e.actor_label,
    e.action, e.target_type, e.target_id, e.org_id, e.ip, e.details
  )::text, 'UTF8')), 'hex');
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- Chains each new entry to the last one. The advisory lock is held until the inserting transaction ends, so
-- entries are chained in the order they commit, and `seq` has no gaps.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger AS $$
DECLARE
  head audit_log%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('cynex.audit_log.chain'));
  SELECT * INTO head FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(head.seq, 0) + 1;
  NEW.prev_hash := coalesce(head.hash, '');
  NEW.hash := audit_log_entry_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Entries written before the chain existed are chained once, in id order (the append-only trigger is lifted for
-- this migration only; it runs as the tables' owner).
ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_append_only;
--> statement-breakpoint
DO $$
DECLARE
  entry audit_log%ROWTYPE;
  n bigint := 0;
  previous text := '';
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    entry.seq := n;
    entry.prev_hash := previous;
    entry.hash := audit_log_entry_hash(previous, entry);
    UPDATE audit_log SET seq = entry.seq, prev_hash = entry.prev_hash, hash = entry.hash WHERE id = entry.id;
    previous := entry.hash;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_append_only;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
