CREATE TABLE "lab_defence_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"passed" boolean NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_flag_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"submitted_sha256" text NOT NULL,
	"verdict" text NOT NULL,
	"shared_from_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"lab_id" text NOT NULL,
	"level" text NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"stop_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_solves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"lab_id" text NOT NULL,
	"objective" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_solves_user_lab_objective" UNIQUE("user_id","lab_id","objective")
);
--> statement-breakpoint
ALTER TABLE "lab_defence_results" ADD CONSTRAINT "lab_defence_results_instance_id_lab_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."lab_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_defence_results" ADD CONSTRAINT "lab_defence_results_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_flag_submissions" ADD CONSTRAINT "lab_flag_submissions_instance_id_lab_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."lab_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_flag_submissions" ADD CONSTRAINT "lab_flag_submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_flag_submissions" ADD CONSTRAINT "lab_flag_submissions_shared_from_user_id_users_id_fk" FOREIGN KEY ("shared_from_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_instances" ADD CONSTRAINT "lab_instances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_instances" ADD CONSTRAINT "lab_instances_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_solves" ADD CONSTRAINT "lab_solves_instance_id_lab_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."lab_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_solves" ADD CONSTRAINT "lab_solves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lab_defence_results_instance_idx" ON "lab_defence_results" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "lab_flag_submissions_instance_at_idx" ON "lab_flag_submissions" USING btree ("instance_id","at");--> statement-breakpoint
CREATE INDEX "lab_instances_user_lab_idx" ON "lab_instances" USING btree ("user_id","lab_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_instances_one_running_idx" ON "lab_instances" USING btree ("user_id","lab_id") WHERE "lab_instances"."state" = 'running';--> statement-breakpoint
CREATE INDEX "lab_instances_org_idx" ON "lab_instances" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "lab_instances_lab_idx" ON "lab_instances" USING btree ("lab_id");