import { lazy, Suspense, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Row, Select, Skeleton, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PaperClipOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { LEDGER_STATUSES, type LedgerFiguresDto, type LedgerRowDto, type LedgerStatus } from '@evalflow/domain';
import { describeError } from '../../api/api-error';
import { downloadFile } from '../../api/file-transfer';
import { useCurrentUser } from '../../auth/use-session';
import { QueryError } from '../../errors/query-error';
import { filterFromSearch, filterToQuery, ledgerExportPath, useLedgerCharts, useLedgerPage, type LedgerFilterValues } from './ledger-api';

const LedgerCharts = lazy(() => import('./ledger-charts'));

const STATUS_TAG_COLORS: Record<LedgerStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  partly_rectified: 'orange',
  rectified: 'success',
  carried_over: 'purple',
};

const PAGE_SIZE = 20;

const none = <Typography.Text type="secondary">—</Typography.Text>;
const clipped = (value: string | null, testId?: string) =>
  value ? (
    <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: { title: value, styles: { root: { maxWidth: 480 } } } }} data-testid={testId}>
      {value}
    </Typography.Paragraph>
  ) : (
    none
  );

const columns: TableProps<LedgerRowDto>['columns'] = [
  {
    title: '问题',
    key: 'finding',
    width: 220,
    fixed: 'left',
    render: (_: unknown, row) => (
      <Space orientation="vertical" size={0}>
        <Link to={`/rectification-items/${row.id}`} onClick={(event) => event.stopPropagation()} data-testid={`ledger-link-${row.id}`}>
          问题{row.finding.seq}：{row.finding.title}
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.evaluation.fiscalYear}年度 · {row.evaluation.title}
        </Typography.Text>
      </Space>
    ),
  },
  { title: '问题类别', key: 'category', width: 100, render: (_: unknown, row) => row.category || none },
  { title: '整改措施', key: 'measures', width: 200, render: (_: unknown, row) => clipped(row.measures) },
  { title: '责任单位', key: 'responsibleUnit', width: 140, render: (_: unknown, row) => row.responsibleUnit },
  { title: '责任人', key: 'owner', width: 80, render: (_: unknown, row) => row.owner || none },
  {
    title: '整改时限',
    key: 'dueOn',
    width: 110,
    render: (_: unknown, row) => (
      <Space orientation="vertical" size={2}>
        {row.dueOn ?? none}
        {row.overdue && (
          <Tag color="error" data-testid={`ledger-overdue-${row.id}`}>
            已逾期
          </Tag>
        )}
      </Space>
    ),
  },
  { title: '整改进展', key: 'progress', width: 200, render: (_: unknown, row) => clipped(row.progress) },
  {
    title: '佐证材料',
    key: 'evidence',
    width: 180,
    render: (_: unknown, row) => (
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        {row.evidenceNote ? clipped(row.evidenceNote) : null}
        {row.evidenceFiles > 0 ? (
          <Typography.Text type="secondary">
            <PaperClipOutlined /> {row.evidenceFiles} 个文件
          </Typography.Text>
        ) : (
          !row.evidenceNote && none
        )}
      </Space>
    ),
  },
  { title: '核查意见', key: 'verification', width: 180, render: (_: unknown, row) => clipped(row.verification) },
  { title: '销号日期', key: 'closedOn', width: 110, render: (_: unknown, row) => row.closedOn ?? none },
  {
    title: '状态',
    key: 'status',
    width: 90,
    // Always in sight, however far the wide table is scrolled.
    fixed: 'right',
    render: (_: unknown, row) => (
      <Tag color={STATUS_TAG_COLORS[row.status]} data-testid={`ledger-status-${row.id}`}>
        {row.statusLabel}
      </Tag>
    ),
  },
];

/** The figures of the whole filter (not only the page shown), each with what it counts. */
function Figures({ figures }: { figures: LedgerFiguresDto }) {
  const cards = [
    {
      key: 'rate',
      title: '整改完成率',
      hint: '已销号 ÷ 已到期（整改时限已到或已销号的事项）',
      value: figures.completionRate === null ? '—' : figures.completionRate,
      suffix: figures.completionRate === null ? undefined : '%',
      note: figures.completionRate === null ? '尚无到期事项' : `已销号 ${figures.closed} / 已到期 ${figures.due}`,
    },
    { key: 'overdue', title: '逾期', hint: '整改时限已过仍未销号', value: figures.overdue, suffix: '项', note: figures.overdue > 0 ? '请督促责任单位' : '无逾期事项', danger: figures.overdue > 0 },
    {
      key: 'days',
      title: '平均销号用时',
      hint: '从整改事项下达到核查销号的天数，按已销号事项平均',
      value: figures.averageDaysToClose === null ? '—' : figures.averageDaysToClose,
      suffix: figures.averageDaysToClose === null ? undefined : '天',
      note: figures.averageDaysToClose === null ? '尚无销号事项' : `共 ${figures.closed} 项已销号`,
    },
    {
      key: 'total',
      title: '总数 / 已到期 / 已销号',
      hint: '符合筛选条件的全部事项',
      value: `${figures.total} / ${figures.due} / ${figures.closed}`,
      note: figures.byStatus.filter((entry) => entry.count > 0).map((entry) => `${entry.label} ${entry.count}`).join('，') || '暂无事项',
    },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="ledger-figures">
      {cards.map((card) => (
        <Col key={card.key} xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid={`ledger-figure-${card.key}`}>
            <Statistic
              title={
                <Tooltip title={card.hint}>
                  <span>{card.title}</span>
                </Tooltip>
              }
              value={card.value}
              suffix={card.suffix}
              styles={{ content: card.danger ? { color: '#cf1322' } : undefined }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {card.note}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

const DEPARTMENT_ROLES = ['department_head', 'department_staff'];

/**
 * 整改台账: every rectification item the user may read (an auditor or the bureau: the jurisdiction; a department: its
 * own; a team: its evaluations), filtered by year, department, status, overdue and category — the filters live in the
 * address, so a chart's bar, an evaluation's 整改事项 tab or a shared link open the same list. The figures count the
 * whole filter; the charts drill into the table; the export writes the same lines to 整改台账.xlsx.
 */
export function RectificationLedgerPage() {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromSearch(searchParams);
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);
  const ledger = useLedgerPage(filter, page, PAGE_SIZE);
  const charts = useLedgerCharts(filter);
  // The choices of the year and department filters: everything the user may read, whatever is filtered now.
  const everything = useLedgerCharts({});
  const evaluationTitle = ledger.data?.items.find((row) => row.evaluation.id === filter.evaluationId)?.evaluation.title;
  const isDepartment = me.roles.some((role) => DEPARTMENT_ROLES.includes(role));

  const setFilter = (next: LedgerFilterValues) => {
    setPage(1);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filterToQuery(next))) if (value !== undefined && value !== null) params.set(key, String(value));
    setSearchParams(params);
  };
  const change = (patch: Partial<LedgerFilterValues>) => setFilter({ ...filter, ...patch });
  const filtered = Object.keys(filterToQuery(filter)).length > 0;

  const years = [...new Set([...(everything.data?.byYear.map((row) => row.fiscalYear) ?? []), ...(filter.fiscalYear ? [filter.fiscalYear] : [])])].sort((a, b) => b - a);
  const departments = everything.data?.byDepartment.map((row) => row.department) ?? [];

  const exportLedger = async () => {
    setExporting(true);
    try {
      await downloadFile(ledgerExportPath(filter), '整改台账.xlsx');
    } catch (failure) {
      message.error(`导出失败：${describeError(failure)}`);
    } finally {
      setExporting(false);
    }
  };

  const drillToDepartment = (departmentId: string, status: LedgerStatus) => {
    setFilter({ ...filter, departmentId, status });
    document.querySelector('[data-testid="ledger-table"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  const drillToYear = (fiscalYear: number) => {
    setFilter({ ...filter, fiscalYear });
    document.querySelector('[data-testid="ledger-table"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="rectification-ledger">
      <Card>
        <Flex justify="space-between" align="start" wrap gap={12}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              整改台账
            </Typography.Title>
            <Typography.Text type="secondary">
              {isDepartment ? '本部门各年度评价发现问题的整改情况' : '您可查看的各评价项目发现问题的整改情况'}，点击事项进入办理或核查
            </Typography.Text>
          </div>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} data-testid="ledger-export">
            导出 Excel
          </Button>
        </Flex>
        <Flex wrap gap={12} style={{ marginTop: 16 }} data-testid="ledger-filters">
          {filter.evaluationId && (
            <Tag closable onClose={() => change({ evaluationId: undefined })} style={{ lineHeight: '30px', fontSize: 14 }} data-testid="ledger-filter-evaluation">
              评价项目：{evaluationTitle ?? '本评价项目'}
            </Tag>
          )}
          <Select<number>
            allowClear
            placeholder="年度：全部"
            style={{ width: 140 }}
            value={filter.fiscalYear}
            onChange={(value) => change({ fiscalYear: value ?? undefined })}
            options={years.map((year) => ({ value: year, label: `${year}年度` }))}
            data-testid="ledger-filter-year"
          />
          {!isDepartment && (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="部门：全部"
              style={{ width: 240 }}
              value={filter.departmentId}
              onChange={(value) => change({ departmentId: value ?? undefined })}
              options={departments.map((department) => ({ value: department.id, label: department.name }))}
              notFoundContent="暂无部门"
              data-testid="ledger-filter-department"
            />
          )}
          <Select<LedgerStatus>
            allowClear
            placeholder="状态：全部"
            style={{ width: 140 }}
            value={filter.status}
            onChange={(value) => change({ status: value ?? undefined })}
            options={LEDGER_STATUSES.map((status) => ({ value: status.id, label: status.zh }))}
            data-testid="ledger-filter-status"
          />
          <Select<'true' | 'false'>
            allowClear
            placeholder="逾期：全部"
            style={{ width: 140 }}
            value={filter.overdue === undefined ? undefined : filter.overdue ? 'true' : 'false'}
            onChange={(value) => change({ overdue: value === undefined ? undefined : value === 'true' })}
            options={[
              { value: 'true', label: '已逾期' },
              { value: 'false', label: '未逾期' },
            ]}
            data-testid="ledger-filter-overdue"
          />
          <Input.Search
            key={filter.category ?? ''}
            allowClear
            placeholder="问题类别"
            style={{ width: 200 }}
            defaultValue={filter.category}
            onSearch={(value) => change({ category: value.trim() || undefined })}
            data-testid="ledger-filter-category"
          />
          {filtered && (
            <Button icon={<ReloadOutlined />} onClick={() => setFilter({})} data-testid="ledger-filter-clear">
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>

      {ledger.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : ledger.error ? (
        <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : (
        <Figures figures={ledger.data.figures} />
      )}

      {charts.error ? (
        <Alert type="error" showIcon title={`图表加载失败：${describeError(charts.error)}`} action={<Button size="small" onClick={() => void charts.refetch()}>重试</Button>} />
      ) : (
        <Suspense fallback={<Card><Spin /> 正在加载图表…</Card>}>
          {charts.data ? <LedgerCharts charts={charts.data} onDepartmentStatus={drillToDepartment} onYear={drillToYear} /> : <Card><Spin /></Card>}
        </Suspense>
      )}

      <Card size="small" title={`整改事项${ledger.data ? `（共 ${ledger.data.total} 项）` : ''}`}>
        {ledger.error ? (
          <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
        ) : (
          <Table<LedgerRowDto>
            size="small"
            rowKey="id"
            loading={ledger.isFetching}
            columns={columns}
            dataSource={ledger.data?.items ?? []}
            scroll={{ x: 1610 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? '没有符合筛选条件的整改事项' : '暂无整改事项'} /> }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: ledger.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(row) =>
              ({
                'data-testid': `ledger-row-${row.id}`,
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/rectification-items/${row.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            data-testid="ledger-table"
          />
        )}
      </Card>
    </Space>
  );
}
