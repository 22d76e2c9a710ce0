import type { ErrorSink } from '../content-error.js';
import { LANGS } from '../schema/common.schema.js';
import { courseSchema, type Course } from '../schema/course.schema.js';
import type { Assessment } from '../schema/quiz.schema.js';
import { checkLanguages, checkUnique, checkWorkRoles, type ContentContext } from './content-checks.js';
import type { LearningModule } from './module-validator.js';
import { checkSchema, parseYamlFile } from './yaml-file.js';

export interface CourseReferences {
  /** Valid modules by id. */
  modules: ReadonlyMap<string, LearningModule>;
  /** Ids of module folders that exist but have errors. */
  invalidModules: ReadonlySet<string>;
  /** Valid assessments by id. */
  assessments: ReadonlyMap<string, Assessment>;
  invalidAssessments: ReadonlySet<string>;
}

/** courses/<id>.yaml against the modules and assessments of the same tree. */
export function parseCourse(
  text: string,
  displayPath: string,
  fileId: string,
  refs: CourseReferences,
  ctx: ContentContext,
  sink: ErrorSink,
): Course | undefined {
  const before = sink.count;
  const yaml = parseYamlFile(displayPath, text, sink);
  const course = yaml && checkSchema(yaml, courseSchema, sink);
  if (!yaml || !course) return undefined;
  if (course.id !== fileId)
    sink.add(
      'ID_MISMATCH',
      displayPath,
      `id ${course.id} differs from the file name ${fileId}.yaml`,
      yaml.locate(['id']),
    );
  checkLanguages(yaml, ['title'], course.title, LANGS, sink);
  checkLanguages(yaml, ['summary'], course.summary, LANGS, sink);
  checkWorkRoles(yaml, ['workRoles'], course.workRoles, ctx, sink);
  checkUnique(yaml, ['modules'], course.modules, sink);
  course.modules.forEach((id, i) => {
    if (refs.invalidModules.has(id))
      sink.add(
        'MODULE_INVALID',
        displayPath,
        `module ${id} has errors, so the course is left out`,
        yaml.locate(['modules', i]),
      );
    else if (!refs.modules.has(id))
      sink.add('UNKNOWN_MODULE', displayPath, `unknown module ${id}`, yaml.locate(['modules', i]));
  });
  for (const [field, kind] of [
    ['preAssessment', 'pre'],
    ['postAssessment', 'post'],
  ] as const) {
    const id = course[field];
    if (id === undefined) continue;
    const assessment = refs.assessments.get(id);
    if (refs.invalidAssessments.has(id))
      sink.add(
        'ASSESSMENT_INVALID',
        displayPath,
        `assessment ${id} has errors, so the course is left out`,
        yaml.locate([field]),
      );
    else if (!assessment) sink.add('UNKNOWN_ASSESSMENT', displayPath, `unknown assessment ${id}`, yaml.locate([field]));
    else if (assessment.kind !== kind)
      sink.add(
        'ASSESSMENT_KIND',
        displayPath,
        `${field} ${id} is a ${assessment.kind} assessment, not ${kind}`,
        yaml.locate([field]),
      );
  }
  if (course.completion.lab === 'required') {
    const withLab = course.modules.some((id) => {
      const meta = refs.modules.get(id)?.meta;
      return meta?.lab !== undefined || meta?.exercise !== undefined;
    });
    if (!withLab && course.modules.every((id) => refs.modules.has(id)))
      sink.add(
        'LAB_REQUIRED_WITHOUT_LAB',
        displayPath,
        'completion requires the lab but none of the modules has a lab or an exercise',
        yaml.locate(['completion', 'lab']),
      );
  }
  return sink.count > before ? undefined : course;
}
