import { useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { describeError, isApiError } from '../api/api-error';
import { usePublication, usePublicationChange } from './publication-api';

const errorMessage = (error: unknown) => (isApiError(error) && error.message ? error.message : describeError(error));

/**
 * 公开 (issue 12 §6) on the evaluation's report tab: whether the approved final report is on the public pages; the
 * commissioning bureau's section head publishes it or withdraws it with a reason (both go into the history).
 */
export function PublicationCard({ evaluationId }: { evaluationId: string }) {
  const { message } = App.useApp();
  const { data } = usePublication(evaluationId);
  const change = usePublicationChange(evaluationId);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  if (!data || (!data.approved && data.status === 'unpublished')) return null;

  const publish = () =>
    change.mutate({ kind: 'publish', expectedVersion: data.version }, { onSuccess: () => message.success('评价报告已向社会公开'), onError: (error) => message.error(errorMessage(error)) });
  const withdraw = () =>
    change.mutate(
      { kind: 'withdraw', reason, expectedVersion: data.version },
      {
        onSuccess: () => {
          setWithdrawing(false);
          setReason('');
          message.success('已撤回公开');
        },
        onError: (error) => message.error(errorMessage(error)),
      },
    );

  return (
    <Card size="small" title="向社会公开" data-testid="publication-card">
      <Space wrap align="center">
        {data.status === 'published' ? <Tag color="green">已公开</Tag> : data.status === 'withdrawn' ? <Tag color="orange">已撤回公开</Tag> : <Tag>未公开</Tag>}
        {data.publishedAt && data.status === 'published' ? (
          <Typography.Text type="secondary">
            {data.publishedBy?.displayName} 于 {data.publishedAt.slice(0, 10)} 公开
          </Typography.Text>
        ) : null}
        {data.publicPath ? <Link to={data.publicPath}>查看公开页面</Link> : null}
        {data.canPublish && data.status !== 'published' ? (
          <Button type="primary" onClick={publish} loading={change.isPending} data-testid="publication-publish">
            公开评价报告
          </Button>
        ) : null}
        {data.canPublish && data.status === 'published' ? (
          <Button danger onClick={() => setWithdrawing(true)} data-testid="publication-withdraw">
            撤回公开
          </Button>
        ) : null}
      </Space>
      {data.status === 'withdrawn' && data.withdrawnReason ? (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon message={`撤回理由：${data.withdrawnReason}`} description={`${data.withdrawnBy?.displayName ?? ''} ${data.withdrawnAt?.slice(0, 10) ?? ''}`} />
      ) : null}
      <Modal title="撤回公开" open={withdrawing} onCancel={() => setWithdrawing(false)} onOk={withdraw} okText="撤回" okButtonProps={{ danger: true, disabled: !reason.trim(), loading: change.isPending }}>
        <Typography.Paragraph>撤回后，公众将无法再查阅该评价报告。请说明理由（记入流转记录）。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="撤回理由" data-testid="publication-withdraw-reason" />
      </Modal>
    </Card>
  );
}
