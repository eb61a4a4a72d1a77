import { useEffect } from 'react';
import { Form, Select, Tag, Typography, type FormInstance } from 'antd';
import { FINDING_EVIDENCE_KIND_LABELS, type FindingEvidenceDto, type FindingEvidenceKind, type PutFindingEvidenceInput } from '@evalflow/domain';
import type { AttachmentSubject } from '../attachments/attachments-api';
import { useDocumentRequests } from '../document-requests/document-requests-api';
import { useAttachmentsOf, useFindingEvidence, useWorkingPapers } from './working-papers-api';

/* 依据: what a finding cites — the evaluation's working papers, document-request items and their files. */

export const EVIDENCE_FIELD = 'evidence';

const valueOf = (kind: FindingEvidenceKind, id: string) => `${kind}:${id}`;

/** The select's values as the API's request. */
export function evidenceRequest(values: readonly string[] | undefined): PutFindingEvidenceInput {
  return {
    items: (values ?? []).map((value) => {
      const [kind, refId] = value.split(':') as [FindingEvidenceKind, string];
      return { kind, refId };
    }),
  };
}

/** What may be cited, grouped by kind. */
function useEvidenceOptions(evaluationId: string, findingId: string | undefined) {
  const papers = useWorkingPapers(evaluationId);
  const requests = useDocumentRequests(evaluationId);
  const subjects: AttachmentSubject[] = [
    ...(papers.data?.items ?? []).map((paper) => ({ subjectType: 'working_paper' as const, subjectId: paper.id })),
    ...(requests.data?.items ?? []).map((request) => ({ subjectType: 'document_request' as const, subjectId: request.id })),
    ...(findingId ? [{ subjectType: 'finding' as const, subjectId: findingId }] : []),
  ];
  const files = useAttachmentsOf(subjects).flatMap((query) => query.data?.items ?? []).filter((file) => file.status === 'current');
  const groups = [
    { label: '工作底稿', options: (papers.data?.items ?? []).map((paper) => ({ value: valueOf('working_paper', paper.id), label: `${paper.kindLabel}：${paper.title}` })) },
    { label: '资料清单事项', options: (requests.data?.items ?? []).map((request) => ({ value: valueOf('document_request', request.id), label: request.title })) },
    { label: '附件', options: files.map((file) => ({ value: valueOf('attachment', file.id), label: file.fileName })) },
  ].filter((group) => group.options.length > 0);
  return { groups, loading: papers.isPending || requests.isPending };
}

/**
 * 依据 in the finding form: a multi-select of what the finding cites, filled with what it cites now. The form saves
 * it with `evidenceRequest(values.evidence)` after the finding itself.
 */
export function FindingEvidenceFormItem({ form, evaluationId, findingId }: { form: FormInstance; evaluationId: string; findingId: string | undefined }) {
  const { groups, loading } = useEvidenceOptions(evaluationId, findingId);
  const current = useFindingEvidence(findingId);
  useEffect(() => {
    if (current.data) form.setFieldValue(EVIDENCE_FIELD, current.data.items.map((item) => valueOf(item.kind, item.refId)));
  }, [current.data, form]);
  return (
    <Form.Item label="依据" name={EVIDENCE_FIELD} extra="引用支撑该问题的工作底稿、资料清单事项或文件（被评价部门可看到所引依据的名称）">
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={groups.length ? '可选' : '本项评价尚无可引用的底稿、资料或文件'}
        loading={loading || current.isFetching}
        options={groups}
        data-testid="finding-evidence"
      />
    </Form.Item>
  );
}

/** What a finding cites, read only (the department and everyone else who reads the finding). */
export function FindingEvidenceList({ items }: { items: FindingEvidenceDto[] }) {
  if (!items.length) return <Typography.Text type="secondary">未引用依据</Typography.Text>;
  return (
    <span data-testid="finding-evidence-list">
      {items.map((item) => (
        <Tag key={`${item.kind}:${item.refId}`}>
          {FINDING_EVIDENCE_KIND_LABELS[item.kind]}：{item.title}
          {item.detail && item.kind === 'working_paper' ? `（${item.detail}）` : ''}
        </Tag>
      ))}
    </span>
  );
}

/** A finding's 依据, loaded (in the finding's details). */
export function FindingEvidence({ findingId }: { findingId: string }) {
  const evidence = useFindingEvidence(findingId);
  if (evidence.isPending) return <Typography.Text type="secondary">…</Typography.Text>;
  if (evidence.error) return <Typography.Text type="secondary">—</Typography.Text>;
  return <FindingEvidenceList items={evidence.data.items} />;
}
