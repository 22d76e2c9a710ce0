import { AppError } from '../../errors.js';
import type { CohortView } from './training-access.js';

/**
 * Learners work in a cohort only while it runs: before `startsAt` and after `endsAt` their submissions (assessment
 * attempts, pages read, quiz attempts) are refused with COHORT_NOT_OPEN and the dates; staff are not held to it.
 *
 * @example requireCohortOpen(view) // throws 409 COHORT_NOT_OPEN on 1 March for a cohort of April to June
 */
export function requireCohortOpen(view: CohortView, now: Date = new Date()): void {
  if (view.staff) return;
  const { startsAt, endsAt } = view.cohort;
  if (now >= startsAt && now <= endsAt) return;
  const schedule = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  const message =
    now < startsAt ? `the cohort opens at ${schedule.startsAt}` : `the cohort closed at ${schedule.endsAt}`;
  throw new AppError('COHORT_NOT_OPEN', message, { schedule });
}
