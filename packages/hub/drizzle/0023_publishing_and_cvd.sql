CREATE TABLE "publication_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"publication_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publication_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"publication_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"summary_ja" text NOT NULL,
	"summary_en" text NOT NULL,
	"body_ja" text NOT NULL,
	"body_en" text NOT NULL,
	"html_ja" text NOT NULL,
	"html_en" text NOT NULL,
	"embeds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publication_versions_number" UNIQUE("publication_id","version")
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"title_ja" text DEFAULT '' NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"summary_ja" text DEFAULT '' NOT NULL,
	"summary_en" text DEFAULT '' NOT NULL,
	"body_ja" text DEFAULT '' NOT NULL,
	"body_en" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"reviewer_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"review_round" integer DEFAULT 0 NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publications_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "cvd_advisories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"tracking_id" text NOT NULL,
	"version" integer NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"csaf" jsonb NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cvd_advisories_version" UNIQUE("case_id","version")
);
--> statement-breakpoint
CREATE TABLE "cvd_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cvd_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"reporter_org_id" uuid NOT NULL,
	"reporter_user_id" uuid,
	"reporter_credit" text DEFAULT '' NOT NULL,
	"title_ja" text DEFAULT '' NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"description_ja" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"product" text NOT NULL,
	"vendor_name" text NOT NULL,
	"vendor_org_id" uuid,
	"affected_versions" text DEFAULT '' NOT NULL,
	"fixed_versions" text DEFAULT '' NOT NULL,
	"proof" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"closed_reason" text,
	"embargo_until" timestamp with time zone,
	"embargo_reminders_sent" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"cvss31_vector" text,
	"cvss31_score" numeric(3, 1),
	"cvss40_vector" text,
	"cvss40_score" numeric(3, 1),
	"cwe_id" text,
	"cve_id" text,
	"coordinator_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"published_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cvd_cases_ref_unique" UNIQUE("ref")
);
--> statement-breakpoint
CREATE TABLE "cvd_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"direction" text NOT NULL,
	"contact" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cvd_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cvd_serials" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "telescope_reports" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "publication_reviews" ADD CONSTRAINT "publication_reviews_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_reviews" ADD CONSTRAINT "publication_reviews_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_versions" ADD CONSTRAINT "publication_versions_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_versions" ADD CONSTRAINT "publication_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_advisories" ADD CONSTRAINT "cvd_advisories_case_id_cvd_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cvd_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_advisories" ADD CONSTRAINT "cvd_advisories_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_attachments" ADD CONSTRAINT "cvd_attachments_case_id_cvd_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cvd_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_attachments" ADD CONSTRAINT "cvd_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_cases" ADD CONSTRAINT "cvd_cases_reporter_org_id_organisations_id_fk" FOREIGN KEY ("reporter_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_cases" ADD CONSTRAINT "cvd_cases_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_cases" ADD CONSTRAINT "cvd_cases_vendor_org_id_organisations_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_contacts" ADD CONSTRAINT "cvd_contacts_case_id_cvd_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cvd_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_contacts" ADD CONSTRAINT "cvd_contacts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_events" ADD CONSTRAINT "cvd_events_case_id_cvd_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cvd_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvd_events" ADD CONSTRAINT "cvd_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "publication_reviews_publication_idx" ON "publication_reviews" USING btree ("publication_id","round");--> statement-breakpoint
CREATE INDEX "publications_owner_idx" ON "publications" USING btree ("owner_org_id");--> statement-breakpoint
CREATE INDEX "publications_status_idx" ON "publications" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "cvd_advisories_tracking_idx" ON "cvd_advisories" USING btree ("tracking_id");--> statement-breakpoint
CREATE INDEX "cvd_attachments_case_idx" ON "cvd_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cvd_cases_reporter_idx" ON "cvd_cases" USING btree ("reporter_org_id");--> statement-breakpoint
CREATE INDEX "cvd_cases_vendor_idx" ON "cvd_cases" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "cvd_cases_status_idx" ON "cvd_cases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cvd_contacts_case_idx" ON "cvd_contacts" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "cvd_events_case_idx" ON "cvd_events" USING btree ("case_id","created_at");