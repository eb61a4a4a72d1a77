import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  DomainError,
  GRADE_LABELS,
  gradeOf,
  scoreTotals,
  type FrameworkNode,
  type PublicReportDetailDto,
  type PublicReportPageDto,
  type PublicReportQuery,
  type PublicReportSummaryDto,
} from '@evalflow/domain';
import { FILE_STORE, type FileStore } from '../../infrastructure/storage/file-store';
import { PublicationRepository, type PublicReportRow } from './publication.repository';

const NOT_PUBLISHED = '该评价报告未公开或不存在';

/**
 * What anyone may read without signing in (issue 12 §6): published reports only — title, department, region, year,
 * conclusion, total, grade, the 评分表 and the PDF. An unpublished, withdrawn or unknown report is 404, the same
 * answer for each, so the public pages disclose nothing about what is not public.
 */
@Injectable()
export class PublicReportsService {
  constructor(
    private readonly repository: PublicationRepository,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async list(query: PublicReportQuery): Promise<PublicReportPageDto> {
    const { items, total } = await this.repository.publicList(query);
    const summaries: PublicReportSummaryDto[] = [];
    for (const row of items) summaries.push((await this.scored(row)).summary);
    return { items: summaries, total, page: query.page, pageSize: query.pageSize, facets: await this.repository.publicFacets() };
  }

  async get(id: string): Promise<PublicReportDetailDto> {
    const row = await this.repository.publicOne(id);
    if (!row) throw new DomainError('NOT_FOUND', NOT_PUBLISHED);
    const { summary, scoreTable, totalWeight } = await this.scored(row);
    return { ...summary, evaluatorOrganisation: row.evaluatorId ? { id: row.evaluatorId, name: row.evaluatorName ?? '' } : null, scoreTable, totalWeight };
  }

  async pdf(id: string): Promise<{ stream: Readable; fileName: string }> {
    const found = await this.repository.publicPdf(id);
    if (!found) throw new DomainError('NOT_FOUND', NOT_PUBLISHED);
    if (!found.sha256) throw new DomainError('NOT_FOUND', '该评价报告的PDF文件尚未生成');
    return { stream: await this.files.openRead(found.sha256), fileName: `${found.reportNumber ? `${found.reportNumber} ` : ''}${found.title}.pdf` };
  }

  /** The 评分表 and the conclusion from the framework version and the team's scores (exact sums: libs/domain scoreTotals). */
  private async scored(row: PublicReportRow) {
    const { nodes: rawNodes, entries } = await this.repository.scores(row.frameworkVersionId, row.id);
    const nodes = rawNodes as FrameworkNode[];
    const byCode = new Map(entries.map((entry) => [entry.code, entry]));
    const totals = scoreTotals(nodes, new Map(entries.map((entry) => [entry.code, entry.score])));
    const totalsByCode = new Map(totals.nodes.map((node) => [node.code, node]));
    const scoreTable = nodes.map((node) => {
      const subtotal = totalsByCode.get(node.code);
      return {
        code: node.code,
        level: node.level,
        name: node.name,
        weight: node.weight,
        score: subtotal?.score ?? null,
        deduction: subtotal?.deduction ?? null,
        reason: node.level === 3 ? (byCode.get(node.code)?.deductionReason ?? null) : null,
      };
    });
    const totalWeight = nodes.filter((node) => node.level === 1).reduce((sum, node) => sum + node.weight, 0);
    const total = totals.total;
    const grade = totals.grade ?? (total === null ? null : gradeOf(total));
    const gradeLabel = grade ? GRADE_LABELS[grade] : null;
    const summary: PublicReportSummaryDto = {
      id: row.id,
      title: row.title,
      reportNumber: row.reportNumber,
      fiscalYear: row.fiscalYear,
      department: { id: row.departmentId, name: row.departmentName },
      region: { id: row.regionId, name: row.regionName },
      commissioningOrganisation: { id: row.commissioningId, name: row.commissioningName },
      conclusion: total === null ? null : `经综合评价，${row.title.replace(/绩效评价$/, '')}绩效评价综合得分${total}分，评价等级为“${gradeLabel}”。`,
      total,
      grade,
      gradeLabel,
      publishedAt: row.publishedAt,
      pdfAvailable: row.pdfSha256 !== null,
    };
    return { summary, scoreTable, totalWeight };
  }
}
