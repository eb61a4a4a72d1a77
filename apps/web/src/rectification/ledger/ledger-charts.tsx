import { useEffect, useRef } from 'react';
import { Card, Col, Empty, Row, Typography } from 'antd';
import * as echarts from 'echarts';
import { LEDGER_STATUSES, type LedgerChartsDto, type LedgerStatus } from '@evalflow/domain';

/** One colour per ledger status, the same in both charts and the status tags of the table. */
export const LEDGER_STATUS_COLORS: Record<LedgerStatus, string> = {
  not_started: '#8c8c8c',
  in_progress: '#1677ff',
  partly_rectified: '#fa8c16',
  rectified: '#52c41a',
  carried_over: '#722ed1',
};

export interface LedgerChartsProps {
  charts: LedgerChartsDto;
  /** A bar of the department chart: that department's items of that status. */
  onDepartmentStatus: (departmentId: string, status: LedgerStatus) => void;
  /** A point of the year chart: that year's items. */
  onYear: (fiscalYear: number) => void;
}

/**
 * Where each bar segment / point is drawn, on the chart's element (`data-targets`), so that a reader of the page (and
 * the browser test) can find what to click on a canvas.
 */
type Target = { key: string; x: number; y: number };

function useChart(build: (chart: echarts.ECharts) => Target[], deps: unknown[]) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const chart = echarts.init(node);
    const place = () => node.setAttribute('data-targets', JSON.stringify(build(chart)));
    place();
    const resize = () => {
      chart.resize();
      place();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, deps);
  return element;
}

function DepartmentChart({ charts, onDepartmentStatus }: Pick<LedgerChartsProps, 'charts' | 'onDepartmentStatus'>) {
  const rows = charts.byDepartment;
  const handler = useRef(onDepartmentStatus);
  handler.current = onDepartmentStatus;
  const element = useChart(
    (chart) => {
      const countOf = (row: (typeof rows)[number], status: LedgerStatus) => row.counts.find((entry) => entry.status === status)?.count ?? 0;
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'item', formatter: (p: { seriesName: string; name: string; value: number }) => `${p.name}<br/>${p.seriesName}：${p.value} 项（点击查看）` },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 56 },
        xAxis: { type: 'category', data: rows.map((row) => row.department.name), axisLabel: { interval: 0, width: 110, overflow: 'break' } },
        yAxis: { type: 'value', minInterval: 1, name: '项' },
        series: LEDGER_STATUSES.map((status) => ({
          name: status.zh,
          type: 'bar',
          stack: 'status',
          barMaxWidth: 56,
          cursor: 'pointer',
          itemStyle: { color: LEDGER_STATUS_COLORS[status.id] },
          label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
          data: rows.map((row) => countOf(row, status.id)),
        })),
      });
      chart.on('click', (params) => {
        const row = rows[params.dataIndex];
        const status = LEDGER_STATUSES[params.seriesIndex ?? -1];
        if (row && status) handler.current(row.department.id, status.id);
      });
      const targets: Target[] = [];
      rows.forEach((row, index) => {
        let base = 0;
        for (const status of LEDGER_STATUSES) {
          const count = countOf(row, status.id);
          if (count > 0) {
            const [x, y] = chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [index, base + count / 2]);
            targets.push({ key: `${row.department.id}:${status.id}`, x, y });
          }
          base += count;
        }
      });
      return targets;
    },
    [rows],
  );
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无整改事项" />;
  return <div ref={element} style={{ width: '100%', height: 280 }} data-testid="ledger-chart-department" />;
}

function YearChart({ charts, onYear }: Pick<LedgerChartsProps, 'charts' | 'onYear'>) {
  const rows = charts.byYear;
  const handler = useRef(onYear);
  handler.current = onYear;
  const element = useChart(
    (chart) => {
      chart.setOption({
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (p: { dataIndex: number }) => {
            const row = rows[p.dataIndex];
            return row ? `${row.fiscalYear}年度：整改完成率 ${row.completionRate === null ? '—（尚无到期事项）' : `${row.completionRate}%`}<br/>已销号 ${row.closed} / 已到期 ${row.due}（点击查看）` : '';
          },
        },
        grid: { left: 48, right: 24, top: 36, bottom: 32 },
        xAxis: { type: 'category', data: rows.map((row) => `${row.fiscalYear}年度`), triggerEvent: true },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            name: '整改完成率',
            type: 'bar',
            barMaxWidth: 56,
            cursor: 'pointer',
            itemStyle: { color: '#52c41a' },
            label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => (rows[p.dataIndex]?.completionRate === null ? '尚无到期' : `${rows[p.dataIndex]?.completionRate}%`) },
            data: rows.map((row) => row.completionRate ?? 0),
          },
        ],
      });
      // A bar, or the year under it (a year with nothing due yet has no bar to click).
      chart.on('click', (params) => {
        const index = params.componentType === 'xAxis' ? rows.findIndex((row) => `${row.fiscalYear}年度` === (params as { value?: unknown }).value) : params.dataIndex;
        const row = rows[index];
        if (row) handler.current(row.fiscalYear);
      });
      return rows.map((row, index) => {
        const rate = row.completionRate ?? 0;
        const [x, y] = chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [index, rate / 2]);
        // A low bar is hard to hit: its year label under the axis then.
        return { key: String(row.fiscalYear), x, y: rate < 10 ? chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [index, 0])[1] + 14 : y };
      });
    },
    [rows],
  );
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无整改事项" />;
  return <div ref={element} style={{ width: '100%', height: 280 }} data-testid="ledger-chart-year" />;
}

/** The two ledger charts; each bar and point opens the list behind it. Loaded lazily: ECharts only where charts are drawn. */
export default function LedgerCharts({ charts, onDepartmentStatus, onYear }: LedgerChartsProps) {
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card size="small" title="各部门整改事项（按状态）" extra={<Typography.Text type="secondary">点击柱形查看对应事项</Typography.Text>}>
          <DepartmentChart charts={charts} onDepartmentStatus={onDepartmentStatus} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title="各年度整改完成率" extra={<Typography.Text type="secondary">点击柱形或年度查看该年度事项</Typography.Text>}>
          <YearChart charts={charts} onYear={onYear} />
        </Card>
      </Col>
    </Row>
  );
}
