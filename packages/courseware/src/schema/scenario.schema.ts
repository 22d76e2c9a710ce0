import { z } from 'zod';
import { contentIdSchema, ksaRefSchema, localizedTextSchema, workRoleIdSchema } from './common.schema.js';

const localId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'an id is lower-case letters, digits and "-"');
const named = z.strictObject({ id: localId, name: localizedTextSchema });
const unique = <T extends { id: string }>(list: T[]) => new Set(list.map((x) => x.id)).size === list.length;

export const INJECT_CHANNELS = [
  'siem',
  'edr',
  'phone',
  'email',
  'ticket',
  'netflow',
  'threat-intel',
  'management',
] as const;

/** One piece of the situation the instructor releases to a team; its notes never reach the players. */
export const injectSchema = z.strictObject({
  id: localId,
  at: z.int().min(0).max(10_000),
  clock: z.string().regex(/^\d{2}:\d{2}$/, 'a local time HH:MM'),
  channel: z.enum(INJECT_CHANNELS),
  title: localizedTextSchema,
  text: localizedTextSchema,
  artefacts: z
    .array(z.strictObject({ name: z.string().min(1).max(200), lines: z.array(z.string().max(2000)).max(200) }))
    .optional(),
  instructorNotes: localizedTextSchema,
});
export type ScenarioInject = z.infer<typeof injectSchema>;

export const rubricCriterionSchema = z.strictObject({
  id: localId,
  criterion: localizedTextSchema,
  points: z.int().min(1).max(1000),
  ksa: z.array(ksaRefSchema).min(1),
  levels: z.strictObject({ full: localizedTextSchema, partial: localizedTextSchema, none: localizedTextSchema }),
});
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;

/** scenarios/<id>.yaml: a team incident-response exercise (the format is described in the shipped file's header). */
export const scenarioSchema = z
  .strictObject({
    id: contentIdSchema,
    version: z.int().min(1),
    title: localizedTextSchema,
    summary: localizedTextSchema,
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
    durationMinutes: z.int().min(1).max(10_000),
    teamSize: z.strictObject({ min: z.int().min(1).max(20), max: z.int().min(1).max(20) }),
    workRoles: z.array(workRoleIdSchema),
    prerequisites: z.array(ksaRefSchema),
    ksa: z.array(ksaRefSchema),
    roles: z.array(z.strictObject({ id: localId, title: localizedTextSchema, duties: localizedTextSchema })),
    organisation: z.strictObject({
      name: localizedTextSchema,
      profile: localizedTextSchema,
      assets: z.array(named.extend({ description: localizedTextSchema })),
      contacts: z.array(named.extend({ role: localizedTextSchema })),
    }),
    timeZone: z.string().min(1).max(64),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date and time YYYY-MM-DDTHH:MM'),
    injects: z.array(injectSchema).min(1).refine(unique, 'inject ids are unique'),
    tasks: z
      .array(
        z.strictObject({
          id: localId,
          title: localizedTextSchema,
          description: localizedTextSchema,
          ksa: z.array(ksaRefSchema),
        }),
      )
      .refine(unique, 'task ids are unique'),
    report: z.strictObject({
      dueAt: z.int().min(0).max(10_000),
      sections: z
        .array(z.strictObject({ id: localId, title: localizedTextSchema, guidance: localizedTextSchema }))
        .min(1)
        .refine(unique, 'section ids are unique'),
    }),
    rubric: z.array(rubricCriterionSchema).min(1).refine(unique, 'criterion ids are unique'),
  })
  .refine((s) => s.teamSize.min <= s.teamSize.max, { message: 'teamSize.min ≤ teamSize.max', path: ['teamSize'] })
  .refine((s) => s.injects.every((inject, i) => i === 0 || inject.at > s.injects[i - 1]!.at), {
    message: 'injects are in time order (at strictly increasing)',
    path: ['injects'],
  });
export type Scenario = z.infer<typeof scenarioSchema>;
