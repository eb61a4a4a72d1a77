import { Injectable } from '@nestjs/common';
import type { ReportModel } from '@evalflow/domain';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { EvaluationRecord } from './evaluation.repository';
import { buildReportModel } from '../reports/report-model.builder';

/**
 * What an approval approved (ARCHITECTURE rule 4): since issue 12 the report model (libs/domain reportModelSchema:
 * the terms, the score table with every entry, the findings with their answers and adjudication, the narrative, the
 * budget tables, the conclusion), as it stood at that moment. The documents issued for comment and at the final
 * approval print exactly this snapshot. Entries written before keep their older untyped shape
 * ({ evaluation, indicators, selfEvaluationReport, findings }); `reportModelOfSnapshot` tells the two apart.
 */
@Injectable()
export class EvaluationSnapshots {
  capture(runner: Queryable, evaluation: EvaluationRecord): Promise<ReportModel> {
    return buildReportModel(runner, evaluation);
  }
}
