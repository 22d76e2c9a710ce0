CREATE TABLE "observed_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"addr" "inet",
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"record_label" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"first_seen" timestamp with time zone,
	"last_seen" timestamp with time zone,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"owner_org_id" uuid,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "watchlist_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"last_observed_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watchlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"addr" "inet",
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watchlist_entries_org_kind_value" UNIQUE("org_id","kind","value")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "anonymise_sightings" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "watchlist_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "stix_objects" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "observed_values" ADD CONSTRAINT "observed_values_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist_entries" ADD CONSTRAINT "watchlist_entries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observed_values_kind_value_idx" ON "observed_values" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "observed_values_addr_idx" ON "observed_values" USING gist ("addr" inet_ops);--> statement-breakpoint
CREATE INDEX "observed_values_source_idx" ON "observed_values" USING btree ("source");--> statement-breakpoint
CREATE INDEX "observed_values_record_idx" ON "observed_values" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "watchlist_entries_addr_idx" ON "watchlist_entries" USING gist ("addr" inet_ops);--> statement-breakpoint
CREATE INDEX "watchlist_entries_kind_value_idx" ON "watchlist_entries" USING btree ("kind","value");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_watchlist_entry_id_watchlist_entries_id_fk" FOREIGN KEY ("watchlist_entry_id") REFERENCES "public"."watchlist_entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stix_objects_seq_idx" ON "stix_objects" USING btree ("seq");