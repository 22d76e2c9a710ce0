ALTER TABLE "case_level_history" ALTER COLUMN "suggested_level" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "suggested_level" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "case_behaviours" ADD COLUMN "notes_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_level_history" ADD COLUMN "reason_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "environment_name_ja" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Hand-written (keep at the end when renumbering): cases on which nothing has been recorded yet (no behaviours,
-- no facts other than an unknown C2 outcome) had a stored suggestion of level 1; they are "not yet assessed".
UPDATE "cases" SET "suggested_level" = NULL
WHERE NOT EXISTS (SELECT 1 FROM "case_behaviours" b WHERE b."case_pk" = "cases"."id")
  AND NOT EXISTS (
    SELECT 1 FROM jsonb_each("cases"."facts") f
    WHERE f.value <> 'null'::jsonb AND NOT (f.key = 'c2' AND f.value = '"unknown"'::jsonb)
  );
