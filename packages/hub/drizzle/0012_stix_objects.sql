CREATE TABLE "stix_import_objects" (
	"import_id" uuid NOT NULL,
	"object_id" uuid NOT NULL,
	CONSTRAINT "stix_import_objects_import_id_object_id_pk" PRIMARY KEY("import_id","object_id")
);
--> statement-breakpoint
CREATE TABLE "stix_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bundle_id" text,
	"file_name" text,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"status" text DEFAULT 'running' NOT NULL,
	"objects" integer DEFAULT 0 NOT NULL,
	"stored" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"invalid" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stix_objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stix_id" text NOT NULL,
	"type" text NOT NULL,
	"version" text NOT NULL,
	"spec_version" text,
	"revoked" boolean DEFAULT false NOT NULL,
	"label" text,
	"object" jsonb NOT NULL,
	"date_added" timestamp with time zone DEFAULT now() NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	CONSTRAINT "stix_objects_owner_version" UNIQUE("owner_org_id","stix_id","version")
);
--> statement-breakpoint
ALTER TABLE "stix_import_objects" ADD CONSTRAINT "stix_import_objects_import_id_stix_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."stix_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stix_import_objects" ADD CONSTRAINT "stix_import_objects_object_id_stix_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."stix_objects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stix_imports" ADD CONSTRAINT "stix_imports_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stix_objects" ADD CONSTRAINT "stix_objects_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stix_import_objects_object_idx" ON "stix_import_objects" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "stix_objects_stix_id_idx" ON "stix_objects" USING btree ("stix_id");--> statement-breakpoint
CREATE INDEX "stix_objects_type_added_idx" ON "stix_objects" USING btree ("type","date_added");