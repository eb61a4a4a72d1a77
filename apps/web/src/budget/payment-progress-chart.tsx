import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';
import type { MetricResult } from '@evalflow/domain';

/** 支付序时进度 per period end, with the standard value as a line (ECharts). */
export function PaymentProgressChart({ metrics, standard }: { metrics: MetricResult[]; standard: number | null }) {
  const element = useRef<HTMLDivElement>(null);
  const progress = metrics.filter((m) => m.key === 'payment_progress' && m.subject);

  useEffect(() => {
    if (!element.current || !progress.length) return;
    const chart = echarts.init(element.current);
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)}%` },
      xAxis: { type: 'category', data: progress.map((m) => m.subject) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '支付序时进度',
          type: 'bar',
          data: progress.map((m) => ({ value: m.value / 100, itemStyle: { color: standard !== null && m.subject === 'Q3' && m.value < standard ? '#cf1322' : '#1677ff' } })),
          label: { show: true, position: 'top', formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` },
          markLine: standard === null ? undefined : { symbol: 'none', data: [{ yAxis: standard / 100, name: '标准值' }], label: { formatter: `标准值 ${(standard / 100).toFixed(2)}%` } },
        },
      ],
      grid: { left: 48, right: 24, top: 32, bottom: 32 },
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [progress, standard]);

  if (!progress.length) return null;
  return <div ref={element} style={{ width: '100%', height: 260 }} data-testid="payment-progress-chart" />;
}
