import type { Lang, LocalizedText, RubricCriterion, Scenario } from '@cynex/courseware';

/** A text in the language asked for, else in the other one. */
export const textIn = (text: LocalizedText | undefined, lang: Lang): string =>
  text?.[lang] ?? text?.en ?? text?.ja ?? '';

/** The rubric as anyone of the team may see it: criteria, maximum points and what earns full, partial or none. */
export const presentRubric = (rubric: RubricCriterion[], lang: Lang) =>
  rubric.map((c) => ({
    id: c.id,
    criterion: textIn(c.criterion, lang),
    points: c.points,
    ksa: c.ksa,
    levels: {
      full: textIn(c.levels.full, lang),
      partial: textIn(c.levels.partial, lang),
      none: textIn(c.levels.none, lang),
    },
  }));

export const presentSections = (scenario: Scenario, lang: Lang) =>
  scenario.report.sections.map((s) => ({ id: s.id, title: textIn(s.title, lang), guidance: textIn(s.guidance, lang) }));

/**
 * A scenario in one language. Players get only the injects released to their team and never the instructor notes;
 * those who teach get every inject with its notes and whether it is released.
 */
export function presentScenario(scenario: Scenario, lang: Lang, released: string[], teaching: boolean) {
  const t = (text: LocalizedText) => textIn(text, lang);
  const injects = scenario.injects
    .filter((inject) => teaching || released.includes(inject.id))
    .map((inject) => ({
      id: inject.id,
      at: inject.at,
      clock: inject.clock,
      channel: inject.channel,
      title: t(inject.title),
      text: t(inject.text),
      artefacts: inject.artefacts ?? [],
      ...(teaching ? { released: released.includes(inject.id), instructorNotes: t(inject.instructorNotes) } : {}),
    }));
  return {
    id: scenario.id,
    title: t(scenario.title),
    summary: t(scenario.summary),
    difficulty: scenario.difficulty,
    durationMinutes: scenario.durationMinutes,
    timeZone: scenario.timeZone,
    start: scenario.start,
    roles: scenario.roles.map((r) => ({ id: r.id, title: t(r.title), duties: t(r.duties) })),
    organisation: {
      name: t(scenario.organisation.name),
      profile: t(scenario.organisation.profile),
      assets: scenario.organisation.assets.map((a) => ({ id: a.id, name: t(a.name), description: t(a.description) })),
      contacts: scenario.organisation.contacts.map((c) => ({ id: c.id, name: t(c.name), role: t(c.role) })),
    },
    injects,
    injectsTotal: scenario.injects.length,
    tasks: scenario.tasks.map((task) => ({
      id: task.id,
      title: t(task.title),
      description: t(task.description),
      ksa: task.ksa,
    })),
    report: { dueAt: scenario.report.dueAt, sections: presentSections(scenario, lang) },
    rubric: presentRubric(scenario.rubric, lang),
    maxPoints: scenario.rubric.reduce((sum, c) => sum + c.points, 0),
  };
}
