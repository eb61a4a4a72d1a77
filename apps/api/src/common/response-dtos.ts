import { createZodDto } from 'nestjs-zod';
import { attachmentListSchema, attachmentSchema } from '@evalflow/domain';
import { publicationSchema, publicReportDetailSchema, publicReportPageSchema, reportNumberingSchema } from '@evalflow/domain';
import { reportComparisonSchema, reportDocumentDetailSchema, reportDocumentListSchema, reportTemplatesSchema, reportTemplateVersionSchema } from '@evalflow/domain';
import {
  acceptDocumentRequestsResponseSchema,
  budgetDataResponseSchema,
  budgetMetricsSchema,
  budgetThresholdsSchema,
  confirmProposalResponseSchema,
  documentRequestListSchema,
  documentRequestOwnerListSchema,
  documentRequestSchema,
  documentRequestTemplateListSchema,
  documentRequestTemplateSchema,
  evaluationActionsSchema,
  evaluationHistorySchema,
  evaluationPageSchema,
  evaluationSchema,
  findingListSchema,
  findingSchema,
  frameworkListSchema,
  frameworkProblemsSchema,
  frameworkVersionSchema,
  handOverResponseSchema,
  healthSchema,
  indicatorsResponseSchema,
  issueDocumentRequestsResponseSchema,
  findingChainSchema,
  ledgerChartsSchema,
  ledgerPageSchema,
  meResponseSchema,
  priorYearItemListSchema,
  priorYearItemSchema,
  organisationPageSchema,
  organisationSchema,
  proposedFindingListSchema,
  proposedFindingSchema,
  rectificationItemListSchema,
  rectificationItemSchema,
  regionSchema,
  reminderPoliciesSchema,
  reminderPolicySettingSchema,
  selfEvaluationReportSchema,
  taskPageSchema,
  userPageSchema,
  userSchema,
  findingEvidenceListSchema,
  workingPaperListSchema,
  workingPaperSchema,
} from '@evalflow/domain';

/**
 * The response DTOs of the routes, made from the shared zod schemas (libs/domain/src/schemas) for `@ZodResponse`.
 * One class per schema, shared by the controllers that answer with it, so each schema has one name in the document.
 */
export class RegionResponse extends createZodDto(regionSchema) {}
export class OrganisationResponse extends createZodDto(organisationSchema) {}
export class OrganisationPageResponse extends createZodDto(organisationPageSchema) {}
export class UserResponse extends createZodDto(userSchema) {}
export class UserPageResponse extends createZodDto(userPageSchema) {}
export class MeResponse extends createZodDto(meResponseSchema) {}
export class HealthResponse extends createZodDto(healthSchema) {}

export class EvaluationResponse extends createZodDto(evaluationSchema) {}
export class EvaluationPageResponse extends createZodDto(evaluationPageSchema) {}
export class TaskPageResponse extends createZodDto(taskPageSchema) {}
/** POST …/transitions answers the evaluation (EvaluationResponse); GET …/actions and …/history: */
export class EvaluationActionsResponse extends createZodDto(evaluationActionsSchema) {}
export class EvaluationHistoryResponse extends createZodDto(evaluationHistorySchema) {}
export class IndicatorsResponse extends createZodDto(indicatorsResponseSchema) {}
export class SelfEvaluationReportResponse extends createZodDto(selfEvaluationReportSchema) {}
export class HandOverResponse extends createZodDto(handOverResponseSchema) {}
export class FindingResponse extends createZodDto(findingSchema) {}
export class FindingListResponse extends createZodDto(findingListSchema) {}

export class FrameworkVersionResponse extends createZodDto(frameworkVersionSchema) {}
export class FrameworkListResponse extends createZodDto(frameworkListSchema) {}
export class FrameworkProblemsResponse extends createZodDto(frameworkProblemsSchema) {}

export class BudgetDataResponse extends createZodDto(budgetDataResponseSchema) {}
export class BudgetMetricsResponse extends createZodDto(budgetMetricsSchema) {}
export class ProposedFindingResponse extends createZodDto(proposedFindingSchema) {}
export class ProposedFindingListResponse extends createZodDto(proposedFindingListSchema) {}
export class ConfirmProposalResponse extends createZodDto(confirmProposalResponseSchema) {}
export class BudgetThresholdsResponse extends createZodDto(budgetThresholdsSchema) {}

export class ReminderPoliciesResponse extends createZodDto(reminderPoliciesSchema) {}
export class ReminderPolicySettingResponse extends createZodDto(reminderPolicySettingSchema) {}

export class RectificationItemResponse extends createZodDto(rectificationItemSchema) {}
export class RectificationItemListResponse extends createZodDto(rectificationItemListSchema) {}
export class RectificationLedgerResponse extends createZodDto(ledgerPageSchema) {}
export class RectificationLedgerChartsResponse extends createZodDto(ledgerChartsSchema) {}
export class PriorYearItemResponse extends createZodDto(priorYearItemSchema) {}
export class PriorYearItemListResponse extends createZodDto(priorYearItemListSchema) {}
export class FindingChainResponse extends createZodDto(findingChainSchema) {}
export class DocumentRequestResponse extends createZodDto(documentRequestSchema) {}
export class DocumentRequestListResponse extends createZodDto(documentRequestListSchema) {}
export class DocumentRequestTemplateResponse extends createZodDto(documentRequestTemplateSchema) {}
export class DocumentRequestTemplateListResponse extends createZodDto(documentRequestTemplateListSchema) {}
export class IssueDocumentRequestsResponse extends createZodDto(issueDocumentRequestsResponseSchema) {}
export class AcceptDocumentRequestsResponse extends createZodDto(acceptDocumentRequestsResponseSchema) {}
export class DocumentRequestOwnerListResponse extends createZodDto(documentRequestOwnerListSchema) {}
export class WorkingPaperResponse extends createZodDto(workingPaperSchema) {}
export class WorkingPaperListResponse extends createZodDto(workingPaperListSchema) {}
export class FindingEvidenceListResponse extends createZodDto(findingEvidenceListSchema) {}

export class AttachmentResponse extends createZodDto(attachmentSchema) {}
export class AttachmentListResponse extends createZodDto(attachmentListSchema) {}

// Reports (issue 12, docs/reports.md).
export class ReportDocumentListResponse extends createZodDto(reportDocumentListSchema) {}
export class ReportDocumentDetailResponse extends createZodDto(reportDocumentDetailSchema) {}
export class ReportComparisonResponse extends createZodDto(reportComparisonSchema) {}
export class ReportTemplatesResponse extends createZodDto(reportTemplatesSchema) {}
export class ReportTemplateVersionResponse extends createZodDto(reportTemplateVersionSchema) {}

/* 文号规则, publication and the public report pages (issue 12 §5, §6). */
export class ReportNumberingResponse extends createZodDto(reportNumberingSchema) {}
export class PublicationResponse extends createZodDto(publicationSchema) {}
export class PublicReportPageResponse extends createZodDto(publicReportPageSchema) {}
export class PublicReportDetailResponse extends createZodDto(publicReportDetailSchema) {}
