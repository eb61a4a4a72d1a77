import { useState } from 'react';
import { Alert, Button, Drawer, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { BranchesOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { FindingChainDto } from '@evalflow/domain';
import { api } from '../api/api-client';
import { describeError } from '../api/api-error';

export const findingChainKey = (findingId: string) => ['findings', findingId, 'chain'] as const;

export function useFindingChain(findingId: string, enabled: boolean) {
  return useQuery({
    queryKey: findingChainKey(findingId),
    queryFn: ({ signal }) => api.get<FindingChainDto>(`/findings/${encodeURIComponent(findingId)}/chain`, undefined, signal),
    enabled,
  });
}

type Link_ = FindingChainDto['links'][number];

function ChainLink({ link }: { link: Link_ }) {
  if (!link.readable) {
    return (
      <div data-testid="chain-link" data-readable="false">
        <Typography.Text strong>{link.evaluation.fiscalYear}年度</Typography.Text>
        <div>
          <Typography.Text type="secondary">（无权查看）</Typography.Text>
        </div>
      </div>
    );
  }
  return (
    <div data-testid="chain-link" data-readable="true">
      <Typography.Text strong>{link.evaluation.fiscalYear}年度</Typography.Text>
      <div>
        <Link to={`/evaluations/${link.evaluation.id}?tab=findings`}>{link.evaluation.title}</Link>
      </div>
      <div>
        问题{link.finding.seq}：{link.finding.title}
      </div>
      <div style={{ marginTop: 4 }}>
        {link.item ? (
          <>
            整改事项：
            <Link to={`/rectification-items/${link.item.id}`}>
              <Tag>{link.item.stateLabel}</Tag>
            </Link>
          </>
        ) : (
          <Typography.Text type="secondary">尚未下达整改</Typography.Text>
        )}
      </div>
      {link.assessment && (
        <div style={{ marginTop: 4 }}>
          本年度核查上年度整改情况：<Tag color={link.assessment.id === 'rectified' ? 'success' : 'warning'}>{link.assessment.zh}</Tag>
        </div>
      )}
    </div>
  );
}

/**
 * 问题追溯: a recurring problem across the years, oldest first — each year's finding, the rectification item it
 * became, and (on a carried-over finding) how its evaluation assessed the earlier year's item. A year the user may not read is shown by its year only.
 */
export function FindingChainButton({ findingId, size = 'middle' }: { findingId: string; size?: 'small' | 'middle' }) {
  const [open, setOpen] = useState(false);
  const chain = useFindingChain(findingId, open);
  return (
    <>
      <Button size={size} icon={<BranchesOutlined />} onClick={() => setOpen(true)} data-testid={`chain-open-${findingId}`}>
        问题追溯
      </Button>
      <Drawer title="问题追溯（按年度）" open={open} onClose={() => setOpen(false)} size={440} data-testid="chain-drawer">
        {chain.isPending ? (
          <Spin />
        ) : chain.error ? (
          <Alert type="error" showIcon title="无法加载问题追溯" description={describeError(chain.error)} action={<Button size="small" onClick={() => void chain.refetch()}>重试</Button>} />
        ) : chain.data.links.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有追溯记录" />
        ) : (
          <>
            {chain.data.links.length === 1 && <Alert type="info" showIcon title="该问题是首次发现，以往年度没有相同问题" style={{ marginBottom: 16 }} />}
            <Timeline items={chain.data.links.map((link) => ({ key: link.finding.id, content: <ChainLink link={link} /> }))} data-testid="chain-links" />
          </>
        )}
      </Drawer>
    </>
  );
}
