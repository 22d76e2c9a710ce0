import { z } from 'zod';
import { contentIdSchema, ksaRefSchema, localizedTextSchema } from './common.schema.js';

const itemId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an item id is lower-case letters, digits, "-", "_"');
const optionId = z.string().regex(/^[a-z0-9]{1,16}$/, 'an option id is lower-case letters and digits');

export const quizOptionSchema = z.strictObject({ id: optionId, text: localizedTextSchema });

const base = {
  id: itemId,
  ksa: z.array(ksaRefSchema).min(1, 'at least one KSA reference'),
  points: z.number().positive().max(1000),
  prompt: localizedTextSchema,
  explanation: localizedTextSchema.optional(),
};
const options = z.array(quizOptionSchema).min(2, '2–8 options').max(8, '2–8 options');

export const quizItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('single'), options, answer: optionId }),
  z.strictObject({ ...base, kind: z.literal('multi'), options, answer: z.array(optionId).min(1) }),
  z.strictObject({ ...base, kind: z.literal('short'), answer: z.array(z.string().trim().min(1)).min(1) }),
  z.strictObject({
    ...base,
    kind: z.literal('numeric'),
    answer: z.number().refine(Number.isFinite, 'a finite number'),
    tolerance: z.number().min(0).optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('flag'), answer: z.string().min(1) }),
]);
export type QuizItem = z.infer<typeof quizItemSchema>;
export type QuizItemKind = QuizItem['kind'];

const items = z.array(quizItemSchema).min(1).max(500);

/** quiz.yaml of a module */
export const quizFileSchema = z.strictObject({ items });
export type QuizFile = z.infer<typeof quizFileSchema>;

/** assessments/<id>.yaml: a pre/post assessment or a question bank */
export const assessmentSchema = z.strictObject({
  id: contentIdSchema,
  title: localizedTextSchema,
  kind: z.enum(['pre', 'post', 'bank']),
  pairedWith: contentIdSchema.optional(),
  items,
});
export type Assessment = z.infer<typeof assessmentSchema>;
