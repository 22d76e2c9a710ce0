import { fileURLToPath } from 'node:url';
/**
 * Courseware: the module format (modules of pages in ja/en tagged with NICE KSAs, quizzes, assessments, courses),
 * its validation with file:line errors, the NICE 2017 catalogue, the catalogue's derived tables, zip import/export
 * and the CTFd challenge import.
 */
export { formatContentError, type ContentError, type ContentErrorCode, type Position } from './content-error.js';
export {
  NICE_CATALOGUE_FILE,
  ksaLevelLabel,
  niceCatalogue,
  parseNiceCatalogue,
  type KsaKind,
  type KsaLevel,
  type Lang,
  type NiceCatalogue,
  type NiceStatement,
  type NiceWorkRole,
} from './nice/nice-catalogue.js';
export { parseKsaRef, type KsaRef } from './nice/ksa-ref.js';
export {
  LANGS,
  contentIdSchema,
  ksaRefSchema,
  langSchema,
  localizedTextSchema,
  workRoleIdSchema,
  type LocalizedText,
} from './schema/common.schema.js';
export {
  moduleMetaSchema,
  pageFrontMatterSchema,
  pageIdSchema,
  type ModuleMeta,
  type PageFrontMatter,
} from './schema/module.schema.js';
export {
  assessmentSchema,
  quizFileSchema,
  quizItemSchema,
  quizOptionSchema,
  type Assessment,
  type QuizFile,
  type QuizItem,
  type QuizItemKind,
} from './schema/quiz.schema.js';
export { courseSchema, type Course } from './schema/course.schema.js';
export {
  INJECT_CHANNELS,
  scenarioSchema,
  type RubricCriterion,
  type Scenario,
  type ScenarioInject,
} from './schema/scenario.schema.js';
export { loadScenarios, type ScenarioLoadResult } from './load/scenario-loader.js';
export { CONTENT_LIMITS, type FileEntry, type FileSet } from './load/file-set.js';
export {
  validateModuleFiles,
  type LearningModule,
  type ModuleLoadResult,
  type ModulePage,
  type PageVariant,
  type ValidateModuleOptions,
} from './load/module-validator.js';
export { loadContentTree, loadModule, readLabIds, type ContentTree, type LoadOptions } from './load/content-loader.js';
export { findRawHtml, type MarkdownFinding } from './load/markdown-check.js';
export { acquiredTable, prerequisiteTable, type KsaRow, type KsaTable } from './views/ksa-table.js';
export { courseCoverage, type CourseCoverage, type CoveredKsa } from './views/course-coverage.js';
export { exportModuleZip, importModuleZip, type ImportZipOptions } from './zip/module-zip.js';
export { importPackageZip } from './zip/package-zip.js';
export { ZIP_LIMITS } from './zip/zip-reader.js';
export { importCtfdChallenge, type CtfdImportOptions, type CtfdImportResult } from './ctfd/ctfd-import.js';

/** The content shipped with the platform (modules, assessments, courses, scenarios), written by the cynex project. */
export const SHIPPED_CONTENT_DIR = fileURLToPath(new URL('../content', import.meta.url));
