import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitialSchema1763700000000 } from './migrations/1763700000000-initial-schema';
import { Evaluations1763800000000 } from './migrations/1763800000000-evaluations';
import { FrameworkEditing1763900000000 } from './migrations/1763900000000-framework-editing';
import { BudgetData1763910000000 } from './migrations/1763910000000-budget-data';
import { DeadlinesReminders1763920000000 } from './migrations/1763920000000-deadlines-reminders';
import { Notifications1763930000000 } from './migrations/1763930000000-notifications';
import { IndicatorEntryVersions1763940500000 } from './migrations/1763940500000-indicator-entry-versions';
import { WorkflowItems1763950000000 } from './migrations/1763950000000-workflow-items';
import { WorkflowTasks1763960000000 } from './migrations/1763960000000-workflow-tasks';
import { WorkingPapers1763972000000 } from './migrations/1763972000000-working-papers';
import { DocumentRequestLists1763971000000 } from './migrations/1763971000000-document-request-lists';
import { Attachments1763970000000 } from './migrations/1763970000000-attachments';
import { PriorYearFollowups1763980000000 } from './migrations/1763980000000-prior-year-followups';
import { Reports1763990000000 } from './migrations/1763990000000-reports';
import { ReportNumbersPublication1763991000000 } from './migrations/1763991000000-report-numbers-publication';
import { ScaleIndexes1764000000000 } from './migrations/1764000000000-scale-indexes';
import { ReadPathIndexes1764020000000 } from './migrations/1764020000000-read-path-indexes';
import { ReportSweepIndex1764030000000 } from './migrations/1764030000000-report-sweep-index';
import { SelfEvaluationReports1764040000000 } from './migrations/1764040000000-self-evaluation-reports';
import { ReportRenderProgress1764041000000 } from './migrations/1764041000000-report-render-progress';
import { PriorYearEvidence1764042000000 } from './migrations/1764042000000-prior-year-evidence';
import { DocumentRequestOwnerTasks1764060000000 } from './migrations/1764060000000-document-request-owner-tasks';

/** Listed explicitly (no globs) so the same lists work compiled and under ts-jest. */
/** No ORM entities: SQL lives in the repositories (typed rows), schema changes in migrations. */
export const ENTITIES = [];
export const MIGRATIONS = [InitialSchema1763700000000, Evaluations1763800000000, FrameworkEditing1763900000000, BudgetData1763910000000, DeadlinesReminders1763920000000, Notifications1763930000000, IndicatorEntryVersions1763940500000, WorkflowItems1763950000000, WorkflowTasks1763960000000, Attachments1763970000000, DocumentRequestLists1763971000000, WorkingPapers1763972000000, PriorYearFollowups1763980000000, Reports1763990000000, ReportNumbersPublication1763991000000, ScaleIndexes1764000000000, ReadPathIndexes1764020000000, ReportSweepIndex1764030000000, SelfEvaluationReports1764040000000, ReportRenderProgress1764041000000, PriorYearEvidence1764042000000, DocumentRequestOwnerTasks1764060000000];

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all',
    synchronize: false,
    extra: { max: 20, application_name: 'evalflow' },
  };
}

/** Runs pending migrations; used at start (and by `npm run migration:run`). */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
