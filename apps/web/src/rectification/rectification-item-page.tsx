import { Card, Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import type { RectificationItemDto } from '@evalflow/domain';
import { useCurrentUser } from '../auth/use-session';
import { RecordLoadError } from '../errors/record-load-error';
import { useFindings } from '../evaluations/evaluation-work-api';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { itemTitle, rectificationSubject, useRectificationItem } from './rectification-api';
import { EVIDENCE_LABEL, RectificationItemForm } from './rectification-item-form';
import { StateTag } from '../workflow/state-tag';

/** Where the department clears a blocked guard: every fact the item's guards read is a field of the form below. */
const planGuardHint = (guardId: string) =>
  guardId === 'evidence_attached' ? `（在下方“${EVIDENCE_LABEL}”中登记并保存）` : '（在下方“整改措施”中填写并保存）';

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

/** 整改事项: the finding, the department's plan and evidence, the item's actions (with why one is blocked) and its history. */
export function RectificationItemPage() {
  const { id = '' } = useParams<{ id: string }>();
  const me = useCurrentUser();
  const { data: item, error, isPending, refetch } = useRectificationItem(id);

  if (isPending) return <Spin size="large" />;
  if (error) return <RecordLoadError error={error} onRetry={() => void refetch()} noun="整改事项" testId="rectification-not-found" />;

  const subject = rectificationSubject(item);
  const isDepartment = me.organisation.id === item.evaluation.department.id && me.roles.some((role) => role === 'department_head' || role === 'department_staff');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="rectification-item">
      <Card>
        <Link to={`/evaluations/${item.evaluation.id}?tab=rectification`} data-testid="rectification-back">
          <ArrowLeftOutlined /> {item.evaluation.reference} {item.evaluation.title}
        </Link>
        <Typography.Title level={4} style={{ margin: '8px 0' }} data-testid="rectification-title">
          整改事项 · {itemTitle(item)}
        </Typography.Title>
        <Space wrap size={[16, 4]}>
          <StateTag state={item.state} label={item.stateLabel} testId="rectification-state" />
          <Typography.Text type="secondary">被评价部门：{item.evaluation.department.name}</Typography.Text>
          <Typography.Text type="secondary">{item.evaluation.fiscalYear} 年度</Typography.Text>
        </Space>
        <div style={{ marginTop: 16 }}>
          <ActionsBar subject={subject} guardHint={isDepartment ? planGuardHint : undefined} />
        </div>
      </Card>
      <Row gutter={16}>
        <Col span={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <FindingCard item={item} />
            <Card size="small" title="整改措施" data-testid="rectification-plan">
              <RectificationItemForm item={item} isDepartment={isDepartment} onReload={() => void refetch()} />
            </Card>
          </Space>
        </Col>
        <Col span={9}>
          <Card size="small" title="流转记录" data-testid="rectification-history">
            <HistoryTimeline subject={subject} compact />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
