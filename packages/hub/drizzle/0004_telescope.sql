CREATE TABLE "decoy_sightings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"host" text NOT NULL,
	"sensor_id" text DEFAULT '' NOT NULL,
	"environment_code" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'connection' NOT NULL,
	"port" integer,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decoy_sightings_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "telescope_dos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sensor_id" text NOT NULL,
	"victim" text NOT NULL,
	"protocol" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"max_rate" double precision NOT NULL,
	"attacker_ports" integer[] DEFAULT '{}'::int[] NOT NULL,
	"method" text NOT NULL,
	CONSTRAINT "telescope_dos_key" UNIQUE("sensor_id","victim","protocol","start")
);
--> statement-breakpoint
CREATE TABLE "telescope_intervals" (
	"sensor_id" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"unique_sources" bigint DEFAULT 0 NOT NULL,
	"unique_destinations" bigint DEFAULT 0 NOT NULL,
	"tcp_packets" bigint DEFAULT 0 NOT NULL,
	"udp_packets" bigint DEFAULT 0 NOT NULL,
	"icmp_packets" bigint DEFAULT 0 NOT NULL,
	"backscatter_packets" bigint DEFAULT 0 NOT NULL,
	"by_protocol" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_class" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_tag" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tcp_ports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"udp_ports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"countries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"heatmap" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telescope_intervals_sensor_id_start_pk" PRIMARY KEY("sensor_id","start")
);
--> statement-breakpoint
CREATE TABLE "telescope_rollups" (
	"granularity" text NOT NULL,
	"sensor_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"intervals" integer NOT NULL,
	"seconds" integer NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"unique_sources" bigint DEFAULT 0 NOT NULL,
	"unique_destinations" bigint DEFAULT 0 NOT NULL,
	"tcp_packets" bigint DEFAULT 0 NOT NULL,
	"udp_packets" bigint DEFAULT 0 NOT NULL,
	"icmp_packets" bigint DEFAULT 0 NOT NULL,
	"backscatter_packets" bigint DEFAULT 0 NOT NULL,
	"by_protocol" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_class" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_tag" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tcp_ports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"udp_ports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"countries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"asns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"heatmap" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telescope_rollups_granularity_sensor_id_bucket_pk" PRIMARY KEY("granularity","sensor_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "telescope_scans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sensor_id" text NOT NULL,
	"source" text NOT NULL,
	"protocol" text NOT NULL,
	"port" integer NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"destinations" bigint DEFAULT 0 NOT NULL,
	"packets_per_second" double precision NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "telescope_scans_key" UNIQUE("sensor_id","source","protocol","port","start")
);
--> statement-breakpoint
CREATE TABLE "telescope_sensors" (
	"id" text PRIMARY KEY NOT NULL,
	"monitored_addresses" bigint NOT NULL,
	"first_upload_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_upload_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telescope_source_contributions" (
	"source" text NOT NULL,
	"sensor_id" text NOT NULL,
	"interval_start" timestamp with time zone NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"ports" text[] DEFAULT '{}'::text[] NOT NULL,
	"port_count" integer DEFAULT 0 NOT NULL,
	"destinations" bigint DEFAULT 0 NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"cc" text DEFAULT 'ZZ' NOT NULL,
	"asn" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "telescope_source_contributions_source_sensor_id_interval_start_pk" PRIMARY KEY("source","sensor_id","interval_start")
);
--> statement-breakpoint
CREATE TABLE "telescope_sources" (
	"ip" text PRIMARY KEY NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"ports" text[] DEFAULT '{}'::text[] NOT NULL,
	"port_count" integer DEFAULT 0 NOT NULL,
	"destinations" bigint DEFAULT 0 NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"cc" text DEFAULT 'ZZ' NOT NULL,
	"asn" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"by_user_id" uuid,
	"by_label" text,
	"note" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"host" text NOT NULL,
	"day" date NOT NULL,
	"kinds" text[] NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"ports" text[] DEFAULT '{}'::text[] NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_org_host_day" UNIQUE("org_id","host","day")
);
--> statement-breakpoint
CREATE TABLE "org_alert_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_prefixes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cidr" "cidr" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_prefixes_org_cidr" UNIQUE("org_id","cidr")
);
--> statement-breakpoint
ALTER TABLE "telescope_dos" ADD CONSTRAINT "telescope_dos_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telescope_intervals" ADD CONSTRAINT "telescope_intervals_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telescope_rollups" ADD CONSTRAINT "telescope_rollups_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD CONSTRAINT "telescope_scans_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telescope_source_contributions" ADD CONSTRAINT "telescope_source_contributions_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_history" ADD CONSTRAINT "alert_history_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_alert_settings" ADD CONSTRAINT "org_alert_settings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_prefixes" ADD CONSTRAINT "org_prefixes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decoy_sightings_host_idx" ON "decoy_sightings" USING btree ("host","last_seen");--> statement-breakpoint
CREATE INDEX "telescope_dos_victim_idx" ON "telescope_dos" USING btree ("victim","start");--> statement-breakpoint
CREATE INDEX "telescope_dos_start_idx" ON "telescope_dos" USING btree ("start");--> statement-breakpoint
CREATE INDEX "telescope_intervals_start_idx" ON "telescope_intervals" USING btree ("start");--> statement-breakpoint
CREATE INDEX "telescope_rollups_bucket_idx" ON "telescope_rollups" USING btree ("granularity","bucket");--> statement-breakpoint
CREATE INDEX "telescope_scans_source_idx" ON "telescope_scans" USING btree ("source","start");--> statement-breakpoint
CREATE INDEX "telescope_scans_start_idx" ON "telescope_scans" USING btree ("start");--> statement-breakpoint
CREATE INDEX "telescope_contributions_last_seen_idx" ON "telescope_source_contributions" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "telescope_sources_last_seen_idx" ON "telescope_sources" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "alert_history_alert_idx" ON "alert_history" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "alerts_org_status_idx" ON "alerts" USING btree ("org_id","status","day");--> statement-breakpoint
CREATE INDEX "org_prefixes_cidr_idx" ON "org_prefixes" USING gist ("cidr" inet_ops);