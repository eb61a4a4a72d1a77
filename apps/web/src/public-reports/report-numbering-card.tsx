import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Input, Space, Table, Typography } from 'antd';
import { formatReportNumber, reportNumberPatternSchema, reportNumberYear } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { useReportNumbering, useSetReportNumbering } from './publication-api';

const errorMessage = (error: unknown) => (isApiError(error) && error.message ? error.message : describeError(error));

/**
 * 文号规则 (issue 12 §5) on the report templates page: the bureau's pattern ({year}, {n}, {n:3}) with a live example,
 * and where each year's series stands. Only the section head edits; without a pattern, numbers are typed by hand.
 */
export function ReportNumberingCard() {
  const { message } = App.useApp();
  const { data } = useReportNumbering(true);
  const save = useSetReportNumbering();
  const [pattern, setPattern] = useState('');
  useEffect(() => setPattern(data?.pattern ?? ''), [data?.pattern]);
  if (!data) return null;

  const checked = reportNumberPatternSchema.safeParse(pattern);
  const year = reportNumberYear(new Date());
  const next = (data.years.find((y) => y.year === year)?.lastValue ?? 0) + 1;
  const submit = () =>
    save.mutate({ pattern, expectedVersion: data.version }, { onSuccess: () => message.success('文号规则已保存'), onError: (error) => message.error(errorMessage(error)) });

  return (
    <Card size="small" title="文号规则" data-testid="report-numbering">
      <Flex vertical gap={8}>
        <Typography.Paragraph style={{ margin: 0 }}>
          设置后，正式报告在审定时按本单位的规则自动编号（按年度连续编号，不重号、不跳号）；未设置时在审定前手工填写文号。
          占位符：<Typography.Text code>{'{year}'}</Typography.Text> 年度、<Typography.Text code>{'{n}'}</Typography.Text> 序号（
          <Typography.Text code>{'{n:3}'}</Typography.Text> 补足三位）。
        </Typography.Paragraph>
        <Space wrap>
          <Input style={{ width: 320 }} value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="长财绩评〔{year}〕{n}号" disabled={!data.canEdit} data-testid="report-numbering-pattern" />
          {data.canEdit ? (
            <Button type="primary" onClick={submit} disabled={!checked.success || pattern === data.pattern} loading={save.isPending}>
              保存
            </Button>
          ) : null}
        </Space>
        {pattern ? (
          checked.success ? (
            <Typography.Text type="secondary">下一个文号示例：{formatReportNumber(pattern, year, next)}</Typography.Text>
          ) : (
            <Typography.Text type="danger">{checked.error.issues[0]?.message}</Typography.Text>
          )
        ) : null}
        {data.years.length ? (
          <Table
            size="small"
            rowKey="year"
            pagination={false}
            dataSource={data.years}
            columns={[
              { title: '年度', dataIndex: 'year' },
              { title: '已编号', dataIndex: 'lastValue' },
              { title: '最近的文号', dataIndex: 'lastNumber' },
            ]}
          />
        ) : null}
      </Flex>
    </Card>
  );
}
