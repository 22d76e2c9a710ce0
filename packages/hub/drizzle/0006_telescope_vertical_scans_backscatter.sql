CREATE TABLE "telescope_backscatter" (
	"sensor_id" text NOT NULL,
	"interval_start" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"kind" text NOT NULL,
	"victim" text NOT NULL,
	"protocol" text NOT NULL,
	"packets" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"reflectors" bigint DEFAULT 0 NOT NULL,
	"ports" integer[] DEFAULT '{}'::int[] NOT NULL,
	CONSTRAINT "telescope_backscatter_sensor_id_interval_start_kind_victim_protocol_pk" PRIMARY KEY("sensor_id","interval_start","kind","victim","protocol")
);
--> statement-breakpoint
ALTER TABLE "telescope_scans" DROP CONSTRAINT "telescope_scans_key";--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD COLUMN "kind" text DEFAULT 'horizontal' NOT NULL;--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD COLUMN "port_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "telescope_backscatter" ADD CONSTRAINT "telescope_backscatter_sensor_id_telescope_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."telescope_sensors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telescope_backscatter_victim_idx" ON "telescope_backscatter" USING btree ("victim","interval_start");--> statement-breakpoint
CREATE INDEX "telescope_backscatter_start_idx" ON "telescope_backscatter" USING btree ("interval_start");--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD CONSTRAINT "telescope_scans_key" UNIQUE("sensor_id","kind","source","protocol","port","start");