ALTER TABLE "telescope_scans" DROP CONSTRAINT "telescope_scans_key";--> statement-breakpoint
ALTER TABLE "telescope_intervals" ADD COLUMN "backscatter_victims" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD COLUMN "kind" text DEFAULT 'horizontal' NOT NULL;--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD COLUMN "port_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "telescope_scans" ADD CONSTRAINT "telescope_scans_key" UNIQUE("sensor_id","kind","source","protocol","port","start");