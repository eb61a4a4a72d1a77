import type { DescriptionsProps } from 'antd';
import type { FindingDto } from '@evalflow/domain';
import type { EvaluationWork } from '../evaluations/evaluation-work-rules';
import { AttachmentPanel } from './attachment-panel';

/**
 * The files of a finding, as rows of its details: the team's evidence (uploaded while the team may edit the finding)
 * and the department's files with its answer (uploaded while it may answer). Shown to whoever reads the finding; the
 * server refuses what the page offers by mistake, and the panel says why.
 */
export function findingAttachmentItems(finding: FindingDto, work: EvaluationWork): NonNullable<DescriptionsProps['items']> {
  return [
    {
      key: 'attachments',
      label: '附件',
      children: <AttachmentPanel subjectType="finding" subjectId={finding.id} canUpload={work.recordFindings} emptyText="暂无附件" />,
    },
    ...(finding.answer || work.answerFindings
      ? [
          {
            key: 'answer-attachments',
            label: '部门附件',
            children: <AttachmentPanel subjectType="finding_answer" subjectId={finding.id} canUpload={work.answerFindings} emptyText="部门未附文件" />,
          },
        ]
      : []),
  ];
}
