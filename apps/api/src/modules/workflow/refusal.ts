import { DomainError } from '@evalflow/domain';
import { REFUSAL_ERROR_CODES, describeRefusal, type AnyWorkflowDefinition, type Refusal } from '@evalflow/workflow';

/**
 * A refused transition as the API reports it: the HTTP status follows the refusal kind (403 wrong role or not
 * assigned, 409 not available in this state, 422 guard failed, 400 bad input); `details` carries the kind, the
 * message in both languages and, for guards, every guard that failed.
 */
export function refusalError(definition: AnyWorkflowDefinition, refusal: Refusal): DomainError {
  const message = describeRefusal(definition, refusal);
  const details: Record<string, unknown> = { refusal: refusal.kind, message };
  if (refusal.kind === 'guard_failed') details.failedGuards = refusal.failed;
  if (refusal.kind === 'comment_required') details.fields = [{ path: 'comment', message: message.en }];
  if (refusal.kind === 'invalid_parameter') details.fields = [{ path: `parameters.${refusal.name}`, message: message.en }];
  return new DomainError(REFUSAL_ERROR_CODES[refusal.kind], `${message.zh}（${message.en}）`, details);
}
