import { z } from 'zod';
import { quizCheckBody } from '../courseware/courseware.schema.js';

const contentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const cohortQuizParam = z.object({ id: z.uuid(), moduleId: contentId });
export const cohortQuizQuery = z.object({ lang: z.enum(['ja', 'en']).default('ja') });
/** The same answers as the courseware's own quiz check. */
export const cohortQuizBody = quizCheckBody;
export type CohortQuizInput = z.infer<typeof cohortQuizBody>;

export const issueCertificateBody = z.object({ userId: z.uuid() }).strict();
export type IssueCertificateInput = z.infer<typeof issueCertificateBody>;

export const certificateParam = z.object({ certId: z.uuid() });
export const certificatePdfQuery = z.object({ lang: z.enum(['ja', 'en']).default('ja') });

export const revokeCertificateBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export type RevokeCertificateInput = z.infer<typeof revokeCertificateBody>;

/** Checked by the service, which tells a malformed code from a typo; this only bounds it. */
export const certificateCodeParam = z.object({ code: z.string().min(1).max(80) });
