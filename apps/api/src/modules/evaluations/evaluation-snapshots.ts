import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { EvaluationRecord } from './evaluation.repository';
import { findingSnapshots } from './findings.repository';
import { entrySnapshots } from './indicator-entry.repository';
import { selfEvaluationReportContent } from './self-evaluation-report.repository';

/**
 * What an approval approved (ARCHITECTURE rule 4): the terms, the team and deadlines, the indicator entries with
 * self-scores and scores, the self-evaluation report and the findings with their answers, as they stood at that moment.
 */
@Injectable()
export class EvaluationSnapshots {
  async capture(runner: Queryable, evaluation: EvaluationRecord): Promise<unknown> {
    // One after the other: inside a transaction they share one connection.
    const indicators = await entrySnapshots(runner, evaluation.id);
    const selfEvaluationReport = await selfEvaluationReportContent(runner, evaluation.id);
    const findings = await findingSnapshots(runner, evaluation.id);
    const { today: _today, ...terms } = evaluation;
    return { evaluation: terms, indicators, selfEvaluationReport, findings };
  }
}
