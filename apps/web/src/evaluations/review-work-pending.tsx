import { Alert } from 'antd';
import type { EvaluationDto } from '@evalflow/domain';
import { REVIEW_WORK_HIDDEN_MESSAGE } from '@evalflow/workflow';
import { isApiError } from '../api/api-error';

/**
 * The API refuses the evaluated department the reviewers' working material (findings, proposed findings, metrics,
 * corrected budget data) until the draft for comment; it marks that refusal so the tab can say so instead of
 * showing a broken page or the general 403.
 */
export function isReviewWorkPending(error: unknown): boolean {
  return isApiError(error, 403) && (error.details as { reason?: unknown } | undefined)?.reason === 'review_work_not_published';
}

/** 尚未公开: when the material will be shown, in the same words the API uses. */
export function ReviewWorkPending({ evaluation }: { evaluation: Pick<EvaluationDto, 'kind'> }) {
  return <Alert type="info" showIcon title="尚未公开" description={REVIEW_WORK_HIDDEN_MESSAGE[evaluation.kind]} data-testid="review-work-pending" />;
}
