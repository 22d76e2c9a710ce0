CREATE TABLE "cohort_quiz_results" (
	"cohort_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"module_id" text NOT NULL,
	"best_score" double precision NOT NULL,
	"max_score" double precision NOT NULL,
	"attempts" double precision DEFAULT 1 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohort_quiz_results_cohort_id_user_id_module_id_pk" PRIMARY KEY("cohort_id","user_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"action_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_team_members" (
	"team_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "cohort_team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id"),
	CONSTRAINT "cohort_team_members_one_team" UNIQUE("cohort_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohort_teams_name" UNIQUE("cohort_id","name")
);
--> statement-breakpoint
CREATE TABLE "cohort_submission_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"author_id" uuid,
	"section" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"team_id" uuid,
	"user_id" uuid,
	"scenario_id" text,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"version" text DEFAULT '1' NOT NULL,
	"score" jsonb,
	"presentation_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "cohort_submissions_team_scenario" UNIQUE("cohort_id","team_id","scenario_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_team_scenario_runs" (
	"team_id" uuid NOT NULL,
	"scenario_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_injects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_by" uuid,
	CONSTRAINT "cohort_team_scenario_runs_team_id_scenario_id_pk" PRIMARY KEY("team_id","scenario_id")
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"cohort_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"learner_name" text NOT NULL,
	"org_name" text NOT NULL,
	"course_id" text NOT NULL,
	"course_title" jsonb NOT NULL,
	"cohort_name" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "certificates_code_unique" UNIQUE("code"),
	CONSTRAINT "certificates_one_per_learner" UNIQUE("cohort_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "courseware_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"name" text NOT NULL,
	"archive" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"contents" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courseware_packages_name" UNIQUE("owner_org_id","name")
);
--> statement-breakpoint
ALTER TABLE "cohort_quiz_results" ADD CONSTRAINT "cohort_quiz_results_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_quiz_results" ADD CONSTRAINT "cohort_quiz_results_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_announcements" ADD CONSTRAINT "cohort_announcements_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_announcements" ADD CONSTRAINT "cohort_announcements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_meetings" ADD CONSTRAINT "cohort_meetings_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_meetings" ADD CONSTRAINT "cohort_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_team_members" ADD CONSTRAINT "cohort_team_members_team_id_cohort_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."cohort_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_team_members" ADD CONSTRAINT "cohort_team_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_team_members" ADD CONSTRAINT "cohort_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_teams" ADD CONSTRAINT "cohort_teams_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submission_comments" ADD CONSTRAINT "cohort_submission_comments_submission_id_cohort_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."cohort_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submission_comments" ADD CONSTRAINT "cohort_submission_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submissions" ADD CONSTRAINT "cohort_submissions_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submissions" ADD CONSTRAINT "cohort_submissions_team_id_cohort_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."cohort_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submissions" ADD CONSTRAINT "cohort_submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submissions" ADD CONSTRAINT "cohort_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_submissions" ADD CONSTRAINT "cohort_submissions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_team_scenario_runs" ADD CONSTRAINT "cohort_team_scenario_runs_team_id_cohort_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."cohort_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_team_scenario_runs" ADD CONSTRAINT "cohort_team_scenario_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courseware_packages" ADD CONSTRAINT "courseware_packages_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohort_announcements_cohort_idx" ON "cohort_announcements" USING btree ("cohort_id","created_at");--> statement-breakpoint
CREATE INDEX "cohort_meetings_cohort_idx" ON "cohort_meetings" USING btree ("cohort_id","at");--> statement-breakpoint
CREATE INDEX "cohort_submission_comments_idx" ON "cohort_submission_comments" USING btree ("submission_id","created_at");--> statement-breakpoint
CREATE INDEX "cohort_submissions_cohort_idx" ON "cohort_submissions" USING btree ("cohort_id","status");--> statement-breakpoint
CREATE INDEX "certificates_user_idx" ON "certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "courseware_packages_owner_idx" ON "courseware_packages" USING btree ("owner_org_id");