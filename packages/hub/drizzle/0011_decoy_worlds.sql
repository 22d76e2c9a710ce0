CREATE TABLE "decoy_capture_sessions" (
	"sha256" text NOT NULL,
	"session" uuid NOT NULL,
	CONSTRAINT "decoy_capture_sessions_sha256_session_pk" PRIMARY KEY("sha256","session")
);
--> statement-breakpoint
CREATE TABLE "decoy_captures" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"blob_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decoy_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sensor_id" text NOT NULL,
	"event_id" text NOT NULL,
	"world_id" text NOT NULL,
	"session" text NOT NULL,
	"host" text NOT NULL,
	"kind" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"src_ip" text NOT NULL,
	"src_port" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decoy_events_sensor_event" UNIQUE("sensor_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "decoy_recordings" (
	"sensor_id" text NOT NULL,
	"session" text NOT NULL,
	"seq" integer NOT NULL,
	"header" jsonb,
	"lines" text NOT NULL,
	"final" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decoy_recordings_sensor_id_session_seq_pk" PRIMARY KEY("sensor_id","session","seq")
);
--> statement-breakpoint
CREATE TABLE "decoy_sensor_status" (
	"sensor_id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"spooled" integer DEFAULT 0 NOT NULL,
	"dropped" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"worlds" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decoy_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sensor_id" text NOT NULL,
	"session" text NOT NULL,
	"world_id" text NOT NULL,
	"host" text NOT NULL,
	"protocol" text NOT NULL,
	"src_ip" text NOT NULL,
	"src_port" integer NOT NULL,
	"src_country" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"last_event_at" timestamp with time zone NOT NULL,
	"username" text,
	"auth_success" boolean DEFAULT false NOT NULL,
	"auth_attempts" integer DEFAULT 0 NOT NULL,
	"commands" integer DEFAULT 0 NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"techniques" text[] DEFAULT '{}'::text[] NOT NULL,
	"suggested_level" integer,
	"classification" jsonb,
	"case_id" uuid,
	"analysed_at" timestamp with time zone,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	CONSTRAINT "decoy_sessions_sensor_session" UNIQUE("sensor_id","session")
);
--> statement-breakpoint
CREATE TABLE "decoy_worlds" (
	"id" text PRIMARY KEY NOT NULL,
	"name_ja" text DEFAULT '' NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"domain" text NOT NULL,
	"sector" text DEFAULT '' NOT NULL,
	"lang" text DEFAULT 'ja' NOT NULL,
	"kind" text NOT NULL,
	"environment_code" text NOT NULL,
	"sensor_id" text NOT NULL,
	"definition" text NOT NULL,
	"host_keys" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"bindings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fetch_enabled" boolean DEFAULT false NOT NULL,
	"desired" text DEFAULT 'stopped' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"reset_generation" integer DEFAULT 0 NOT NULL,
	"lent_to_org_id" uuid,
	"owner_org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"marking" text NOT NULL,
	"sharing_group_id" uuid,
	"recipient_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decoy_capture_sessions" ADD CONSTRAINT "decoy_capture_sessions_session_decoy_sessions_id_fk" FOREIGN KEY ("session") REFERENCES "public"."decoy_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decoy_sessions" ADD CONSTRAINT "decoy_sessions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decoy_sessions" ADD CONSTRAINT "decoy_sessions_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decoy_worlds" ADD CONSTRAINT "decoy_worlds_lent_to_org_id_organisations_id_fk" FOREIGN KEY ("lent_to_org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decoy_worlds" ADD CONSTRAINT "decoy_worlds_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decoy_events_world_time_idx" ON "decoy_events" USING btree ("world_id","time");--> statement-breakpoint
CREATE INDEX "decoy_events_session_idx" ON "decoy_events" USING btree ("sensor_id","session","time");--> statement-breakpoint
CREATE INDEX "decoy_sessions_world_started_idx" ON "decoy_sessions" USING btree ("world_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "decoy_sessions_case_idx" ON "decoy_sessions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "decoy_sessions_src_idx" ON "decoy_sessions" USING btree ("src_ip");--> statement-breakpoint
CREATE INDEX "decoy_sessions_pending_idx" ON "decoy_sessions" USING btree ("last_event_at") WHERE "decoy_sessions"."analysed_at" is null or "decoy_sessions"."analysed_at" < "decoy_sessions"."last_event_at";--> statement-breakpoint
CREATE INDEX "decoy_worlds_sensor_idx" ON "decoy_worlds" USING btree ("sensor_id");