import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Select, Space, Spin, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { METRIC_DEFINITIONS, METRIC_KEYS, type ThresholdInput } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { RegionTreeSelect } from '../regions/region-tree-select';
import { useSaveThresholds, useThresholds } from './budget-api';

type Row = ThresholdInput & { rowKey: number };
let nextKey = 1;
const withKeys = (list: ThresholdInput[]): Row[] => list.map((t) => ({ ...t, rowKey: nextKey++ }));

/**
 * 阈值设置: the standard values budget metrics are measured against, per region. A region without its own setting
 * uses the nearest region above it that has one, else the system defaults; saving recomputes the proposed findings
 * of every evaluation below the region.
 */
export function ThresholdsPage() {
  const me = useCurrentUser();
  const ability = useAppAbility();
  const { message } = App.useApp();
  const [regionId, setRegionId] = useState<string>(me.organisation.regionId);
  const thresholds = useThresholds(regionId);
  const save = useSaveThresholds(regionId);
  const [rows, setRows] = useState<Row[]>([]);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const canEdit = ability.can('update', subjectOf('BudgetThreshold', { regionId }));

  useEffect(() => {
    if (thresholds.data) setRows(withKeys(thresholds.data.own?.thresholds ?? thresholds.data.effective.thresholds));
  }, [thresholds.data]);

  const update = (key: number, patch: Partial<ThresholdInput>) => setRows((current) => current.map((row) => (row.rowKey === key ? { ...row, ...patch } : row)));
  const onSave = () =>
    save.mutate(
      {
        thresholds: rows.map(({ rowKey: _rowKey, ...t }) => ({ ...t, subject: t.subject || null, minAllottedYuan: t.minAllottedYuan || null, basis: t.basis || null, variant: t.variant || null })),
        expectedVersion: thresholds.data?.own?.version ?? 0,
      },
      {
        onSuccess: () => (setProblems([]), message.success('阈值已保存，辖区内评价项目的问题线索已重新生成')),
        onError: (error) => {
          const details = (error as { details?: unknown }).details;
          setProblems(Array.isArray(details) ? details : []);
          message.error(isApiError(error, 409) ? '设置已被他人修改，已刷新' : describeError(error));
        },
      },
    );

  return (
    <Card title="预算指标阈值设置" data-testid="thresholds-page">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space style={{ width: 480 }}>
          <Typography.Text>区划</Typography.Text>
          <RegionTreeSelect value={regionId} onChange={setRegionId} />
        </Space>
        {thresholds.isPending ? (
          <Spin />
        ) : thresholds.data ? (
          <>
            <Typography.Text type="secondary">
              {thresholds.data.own
                ? `本区划已单独设置（版本 ${thresholds.data.own.version}）。`
                : `本区划未单独设置，当前适用：${thresholds.data.effective.regionName ?? '系统默认值'}。保存后将单独设置。`}
            </Typography.Text>
            {problems.length > 0 && <Alert type="error" showIcon title="设置有误" description={problems.map((p) => `${p.path}：${p.message}`).join('；')} />}
            <Table<Row>
              size="small"
              rowKey="rowKey"
              pagination={false}
              dataSource={rows}
              data-testid="thresholds-table"
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: '指标',
                  render: (_, row) => (
                    // Another metric has other formulas: the variant chosen for the old one does not carry over.
                    <Select disabled={!canEdit} style={{ width: 220 }} value={row.metric} onChange={(metric) => update(row.rowKey, { metric, variant: null })} options={METRIC_KEYS.map((key) => ({ value: key, label: METRIC_DEFINITIONS[key].zh }))} />
                  ),
                },
                { title: '口径', render: (_, row) => <VariantSelect row={row} disabled={!canEdit} onChange={(variant) => update(row.rowKey, { variant })} /> },
                { title: '对象（空=全部）', render: (_, row) => <Input disabled={!canEdit} style={{ width: 100 }} value={row.subject ?? ''} placeholder="如 Q3" onChange={(e) => update(row.rowKey, { subject: e.target.value })} /> },
                {
                  title: '要求',
                  render: (_, row) => (
                    <Select disabled={!canEdit} style={{ width: 90 }} value={row.comparator} onChange={(comparator) => update(row.rowKey, { comparator })} options={[{ value: 'gte', label: '不低于' }, { value: 'lte', label: '不高于' }]} />
                  ),
                },
                { title: '标准值（%）', render: (_, row) => <Input disabled={!canEdit} style={{ width: 100 }} value={row.percent} onChange={(e) => update(row.rowKey, { percent: e.target.value })} /> },
                { title: '项目金额下限（元）', render: (_, row) => <Input disabled={!canEdit} style={{ width: 130 }} value={row.minAllottedYuan ?? ''} onChange={(e) => update(row.rowKey, { minAllottedYuan: e.target.value })} /> },
                { title: '依据', render: (_, row) => <Input disabled={!canEdit} style={{ width: 220 }} value={row.basis ?? ''} onChange={(e) => update(row.rowKey, { basis: e.target.value })} /> },
                { title: '', render: (_, row) => canEdit && <Button size="small" icon={<DeleteOutlined />} onClick={() => setRows((current) => current.filter((r) => r.rowKey !== row.rowKey))} /> },
              ]}
            />
            {canEdit && (
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => setRows((current) => [...current, ...withKeys([{ metric: 'execution_rate', comparator: 'gte', percent: '90.00' }])])}>添加</Button>
                <Button onClick={() => setRows(withKeys(thresholds.data!.defaults))}>载入系统默认值</Button>
                <Button type="primary" loading={save.isPending} onClick={onSave} data-testid="thresholds-save">保存</Button>
              </Space>
            )}
          </>
        ) : null}
      </Space>
    </Card>
  );
}

/**
 * 口径: the formula the standard value is set for, where the metric has several (预算完成率 按全年指标下达数 or 按可支配资金);
 * the region then measures the metric by it. The formula of the one chosen is printed under it, so nobody has to hover.
 */
function VariantSelect({ row, disabled, onChange }: { row: Row; disabled: boolean; onChange: (variant: string | null) => void }) {
  const variants = METRIC_DEFINITIONS[row.metric].variants;
  if (variants.length < 2) return <Typography.Text type="secondary">唯一口径</Typography.Text>;
  const chosen = variants.find((v) => v.key === row.variant);
  return (
    <Space orientation="vertical" size={2} style={{ width: 190 }}>
      <Select
        disabled={disabled}
        style={{ width: 190 }}
        value={row.variant ?? ''}
        data-testid={`threshold-variant-${row.metric}`}
        onChange={(value) => onChange(value || null)}
        options={[{ value: '', label: '不指定' }, ...variants.map((v) => ({ value: v.key, label: v.zh }))]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {chosen ? chosen.formula : `按指标体系所选，未选则${variants[0].zh}`}
      </Typography.Text>
    </Space>
  );
}

/** The settings page is for finance users: anyone whose rules let them set some region's thresholds. */
export function canOpenThresholds(ability: ReturnType<typeof useAppAbility>, me: ReturnType<typeof useCurrentUser>): boolean {
  return ability.can('update', subjectOf('BudgetThreshold', { regionId: me.organisation.regionId }));
}
