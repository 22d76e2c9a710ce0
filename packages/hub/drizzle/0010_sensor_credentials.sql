CREATE TABLE "sensor_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sensor_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"purposes" text[] NOT NULL,
	"secret_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"last_used_ip" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "sensor_credentials_secret_hash_unique" UNIQUE("secret_hash"),
	CONSTRAINT "sensor_credentials_purposes_check" CHECK (cardinality("sensor_credentials"."purposes") > 0 and "sensor_credentials"."purposes" <@ array['telescope', 'decoy']::text[])
);
--> statement-breakpoint
ALTER TABLE "sensor_credentials" ADD CONSTRAINT "sensor_credentials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensor_credentials" ADD CONSTRAINT "sensor_credentials_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sensor_credentials_active_sensor_idx" ON "sensor_credentials" USING btree ("sensor_id") WHERE "sensor_credentials"."revoked_at" is null;