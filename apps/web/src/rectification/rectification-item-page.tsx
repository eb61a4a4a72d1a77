import { Alert, Card, Col, Descriptions, Flex, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import type { RectificationItemDto } from '@evalflow/domain';
import { useCurrentUser } from '../auth/use-session';
import { RecordLoadError } from '../errors/record-load-error';
import { useFindings } from '../evaluations/evaluation-work-api';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { EDITABLE_STATES, itemTitle, rectificationSubject, useRectificationItem } from './rectification-api';
import { EVIDENCE_LABEL, RectificationItemForm } from './rectification-item-form';
import { StateTag } from '../workflow/state-tag';
import { AttachmentPanel } from '../attachments/attachment-panel';
import { FindingChainButton } from './finding-chain';

/** Where the department clears a blocked guard: every fact the item's guards read is a field of the form below. */
const planGuardHint = (guardId: string) =>
  guardId === 'evidence_attached' ? `（在右侧“佐证材料（文件）”中上传文件，或在下方“${EVIDENCE_LABEL}”中登记并保存）` : '（在下方“整改措施”中填写并保存）';

const orNone = (value: string | null | undefined) =>
  value ? <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> : <Typography.Text type="secondary">—</Typography.Text>;

/** The finding the item answers, in full when the findings can be read (they are, for everyone who sees the item). */
function FindingCard({ item }: { item: RectificationItemDto }) {
  const { data } = useFindings(item.evaluation.id);
  const finding = data?.items.find((candidate) => candidate.id === item.finding.id);
  return (
    <Card size="small" title="评价发现的问题" data-testid="rectification-finding">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'title', label: '问题', children: itemTitle(item) },
          ...(item.finding.category ? [{ key: 'category', label: '类别', children: item.finding.category }] : []),
          ...(finding
            ? [
                { key: 'description', label: '问题描述', children: orNone(finding.description) },
                { key: 'cause', label: '问题剖析', children: orNone(finding.causeAnalysis) },
                { key: 'recommendation', label: '建议', children: orNone(finding.recommendation) },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/**
 * 整改事项: the finding, the department's plan, the evidence files and the progress history side by side, with the
 * item's actions (and why one is blocked) above. The department writes the plan and uploads files while the item is
 * theirs to work on; a verifier (an auditor of the jurisdiction, the commissioning bureau) reads everything here and
 * gives the verdict — 核查通过, 认定部分整改 or 核查退回 — through the actions bar.
 */
export function RectificationItemPage() {
  const { id = '' } = useParams<{ id: string }>();
  const me = useCurrentUser();
  const { data: item, error, isPending, refetch } = useRectificationItem(id);

  if (isPending) return <Spin size="large" />;
  if (error) return <RecordLoadError error={error} onRetry={() => void refetch()} noun="整改事项" testId="rectification-not-found" />;

  const subject = rectificationSubject(item);
  const isDepartment = me.organisation.id === item.evaluation.department.id && me.roles.some((role) => role === 'department_head' || role === 'department_staff');
  const canUpload = isDepartment && EDITABLE_STATES.includes(item.state);
  const awaitingVerdict = !isDepartment && item.state === 'submitted_for_verification';

  const evidence = (
    <Card size="small" title="佐证材料（文件）" data-testid="rectification-evidence-files">
      {isDepartment && !canUpload && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }} data-testid="rectification-upload-closed">
          整改事项{item.stateLabel.zh}，不能再上传或撤回文件
        </Typography.Paragraph>
      )}
      <AttachmentPanel
        subjectType="rectification_item"
        subjectId={item.id}
        canUpload={canUpload}
        emptyText={isDepartment ? `尚未上传佐证材料。申请核查前请上传文件，或在左侧“${EVIDENCE_LABEL}”中登记` : '部门尚未上传佐证材料文件'}
      />
    </Card>
  );
  const history = (
    <Card size="small" title="整改进展与流转记录" data-testid="rectification-history">
      <HistoryTimeline subject={subject} compact />
    </Card>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="rectification-item">
      <Card>
        <Flex justify="space-between" align="start" gap={12} wrap>
          <Link to={`/evaluations/${item.evaluation.id}?tab=rectification`} data-testid="rectification-back">
            <ArrowLeftOutlined /> {item.evaluation.reference} {item.evaluation.title}
          </Link>
          <FindingChainButton findingId={item.finding.id} />
        </Flex>
        <Typography.Title level={4} style={{ margin: '8px 0' }} data-testid="rectification-title">
          整改事项 · {itemTitle(item)}
        </Typography.Title>
        <Space wrap size={[16, 4]}>
          <StateTag state={item.state} label={item.stateLabel} testId="rectification-state" />
          <Typography.Text type="secondary">被评价部门：{item.evaluation.department.name}</Typography.Text>
          <Typography.Text type="secondary">{item.evaluation.fiscalYear} 年度</Typography.Text>
        </Space>
        {awaitingVerdict && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            title="部门已申请核查"
            description="请对照左侧的问题和整改措施、右侧的佐证材料和整改进展进行核查，然后在下方选择“核查通过”“认定部分整改”（须写明尚需整改的内容）或“核查退回”（须写明理由）。"
            data-testid="rectification-verify-hint"
          />
        )}
        <div style={{ marginTop: 16 }}>
          <ActionsBar subject={subject} guardHint={isDepartment ? planGuardHint : undefined} />
        </div>
      </Card>
      <Row gutter={16}>
        <Col span={isDepartment ? 14 : 12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <FindingCard item={item} />
            <Card size="small" title="整改措施" data-testid="rectification-plan">
              <RectificationItemForm item={item} isDepartment={isDepartment} onReload={() => void refetch()} />
            </Card>
          </Space>
        </Col>
        <Col span={isDepartment ? 10 : 12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {evidence}
            {history}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
