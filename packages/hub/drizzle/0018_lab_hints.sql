CREATE TABLE "lab_hint_reveals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"lab_id" text NOT NULL,
	"hint_id" text NOT NULL,
	"penalty" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_hint_reveals_user_lab_hint" UNIQUE("user_id","lab_id","hint_id")
);
--> statement-breakpoint
ALTER TABLE "lab_hint_reveals" ADD CONSTRAINT "lab_hint_reveals_instance_id_lab_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."lab_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_hint_reveals" ADD CONSTRAINT "lab_hint_reveals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lab_hint_reveals_instance_idx" ON "lab_hint_reveals" USING btree ("instance_id");