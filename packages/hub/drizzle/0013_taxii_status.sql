CREATE TABLE "taxii_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"import_id" uuid,
	"created_by" uuid,
	"status" text NOT NULL,
	"request_timestamp" timestamp with time zone NOT NULL,
	"total_count" integer NOT NULL,
	"success_count" integer NOT NULL,
	"failure_count" integer NOT NULL,
	"pending_count" integer NOT NULL,
	"successes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pendings" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "taxii_statuses" ADD CONSTRAINT "taxii_statuses_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taxii_statuses" ADD CONSTRAINT "taxii_statuses_import_id_stix_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."stix_imports"("id") ON DELETE set null ON UPDATE no action;