import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { EVALUATION_KINDS, type EvaluationKind } from '@evalflow/domain';
import { canCreateEvaluation } from '../auth/access';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { EVALUATION_KIND_SHORT, stateFilterOptions } from './evaluation-labels';
import { EvaluationFormModal } from './evaluation-form-modal';
import { EvaluationTable } from './evaluation-table';
import { useEvaluations, type EvaluationListParams } from './evaluations-api';

const KIND_OPTIONS = EVALUATION_KINDS.map((kind) => ({ value: kind, label: EVALUATION_KIND_SHORT[kind] }));
const OVERDUE_OPTIONS = [
  { value: 'true', label: '已超期' },
  { value: 'false', label: '未超期' },
] as const;
const THIS_YEAR = new Date().getFullYear();
const YEAR_OPTIONS = Array.from({ length: 10 }, (_, index) => THIS_YEAR + 1 - index).map((year) => ({ value: year, label: `${year}年度` }));

export function EvaluationsPage() {
  const ability = useAppAbility();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useState<EvaluationListParams>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const { data, error, isFetching, refetch } = useEvaluations(params);
  const filter = (changes: Partial<EvaluationListParams>) => setParams((current) => ({ ...current, ...changes, page: 1 }));

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={16} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          评价项目
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="搜索名称、编号或部门"
            onSearch={(q) => filter({ q: q.trim() || undefined })}
            style={{ width: 220 }}
            data-testid="evaluations-search"
          />
          <Select<number>
            allowClear
            placeholder="年度"
            options={YEAR_OPTIONS}
            value={params.fiscalYear}
            onChange={(fiscalYear) => filter({ fiscalYear })}
            style={{ width: 120 }}
            data-testid="evaluations-year-filter"
          />
          <Select<EvaluationKind>
            allowClear
            placeholder="类型"
            options={KIND_OPTIONS}
            value={params.kind}
            onChange={(kind) => filter({ kind, state: stateFilterOptions(kind).some((option) => option.value === params.state) ? params.state : undefined })}
            style={{ width: 120 }}
            data-testid="evaluations-kind-filter"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="状态"
            options={stateFilterOptions(params.kind)}
            value={params.state}
            onChange={(state) => filter({ state })}
            style={{ width: 200 }}
            data-testid="evaluations-state-filter"
          />
          <Select<'true' | 'false'>
            allowClear
            placeholder="超期"
            options={[...OVERDUE_OPTIONS]}
            value={params.overdue}
            onChange={(overdue) => filter({ overdue })}
            style={{ width: 110 }}
            data-testid="evaluations-overdue-filter"
          />
          {canCreateEvaluation(ability, me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-evaluation">
              新建评价
            </Button>
          )}
        </Space>
      </Flex>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <EvaluationTable
          items={data?.items ?? []}
          total={data?.total ?? 0}
          page={params.page}
          pageSize={params.pageSize}
          loading={isFetching}
          onPageChange={(page, pageSize) => setParams((current) => ({ ...current, page, pageSize }))}
        />
      )}
      {creating && (
        <EvaluationFormModal
          onClose={() => setCreating(false)}
          onSaved={(evaluation) => {
            setCreating(false);
            navigate(`/evaluations/${evaluation.id}`);
          }}
        />
      )}
    </Card>
  );
}
