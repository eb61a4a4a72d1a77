import { Alert, Button, Card, Col, Descriptions, Grid, Result, Row, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { PublicReportDetailDto } from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { PublicLayout } from './public-layout';
import { publicPdfUrl, usePublicReport } from './public-reports-api';

type ScoreRow = PublicReportDetailDto['scoreTable'][number];

/** /public/reports/:id: the conclusion, the grade, the 评分表 and the PDF; a report not published is "not found". */
export function PublicReportPage() {
  const { id = '' } = useParams();
  const { data, isLoading, error } = usePublicReport(id);
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;

  if (isLoading) {
    return (
      <PublicLayout>
        <Spin style={{ display: 'block', margin: 48 }} />
      </PublicLayout>
    );
  }
  if (error || !data) {
    return (
      <PublicLayout>
        <Result
          status={isApiError(error) && error.status === 404 ? '404' : 'warning'}
          title={isApiError(error) && error.status === 404 ? '该评价报告未公开或不存在' : '评价报告暂时无法加载'}
          extra={<Link to="/public/reports">返回公开报告列表</Link>}
        />
      </PublicLayout>
    );
  }

  const columns = [
    { title: '指标', dataIndex: 'name', render: (name: string, row: ScoreRow) => <span style={{ paddingLeft: (row.level - 1) * 12, fontWeight: row.level < 3 ? 600 : 400 }}>{`${row.code} ${name}`}</span> },
    { title: '分值', dataIndex: 'weight', width: 64, align: 'right' as const },
    { title: '得分', dataIndex: 'score', width: 64, align: 'right' as const, render: (v: number | null) => v ?? '—' },
    ...(narrow ? [] : [{ title: '扣分', dataIndex: 'deduction', width: 64, align: 'right' as const, render: (v: number | null) => (v ? v : '') }]),
    { title: '扣分原因', dataIndex: 'reason', render: (v: string | null) => v ?? '' },
  ];

  return (
    <PublicLayout>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {data.title}
        </Typography.Title>
        {data.reportNumber ? <Typography.Text type="secondary">{data.reportNumber}</Typography.Text> : null}
        <Row gutter={[12, 12]} style={{ margin: '16px 0' }}>
          <Col xs={12} sm={6}>
            <Typography.Text type="secondary">综合得分</Typography.Text>
            <div style={{ fontSize: 28, fontWeight: 600 }}>{data.total ?? '—'}</div>
          </Col>
          <Col xs={12} sm={6}>
            <Typography.Text type="secondary">评价等级</Typography.Text>
            <div style={{ fontSize: 22 }}>{data.gradeLabel ? <Tag color="blue" style={{ fontSize: 16, padding: '2px 10px' }}>{data.gradeLabel}</Tag> : '—'}</div>
          </Col>
          <Col xs={24} sm={12} style={{ textAlign: narrow ? 'left' : 'right' }}>
            {data.pdfAvailable ? (
              <Button type="primary" href={publicPdfUrl(data.id)}>
                下载评价报告（PDF）
              </Button>
            ) : (
              <Typography.Text type="secondary">评价报告PDF正在生成</Typography.Text>
            )}
          </Col>
        </Row>
        {data.conclusion ? <Alert type="info" message="评价结论" description={data.conclusion} style={{ marginBottom: 16 }} /> : null}
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
          <Descriptions.Item label="评价年度">{data.fiscalYear}年度</Descriptions.Item>
          <Descriptions.Item label="地区">{data.region.name}</Descriptions.Item>
          <Descriptions.Item label="被评价部门">{data.department.name}</Descriptions.Item>
          <Descriptions.Item label="委托单位">{data.commissioningOrganisation.name}</Descriptions.Item>
          {data.evaluatorOrganisation ? <Descriptions.Item label="评价机构">{data.evaluatorOrganisation.name}</Descriptions.Item> : null}
          <Descriptions.Item label="公开日期">{data.publishedAt.slice(0, 10)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="评分表" size="small" style={{ marginTop: 12 }} styles={{ body: { padding: narrow ? 0 : undefined } }}>
        <Table<ScoreRow>
          size="small"
          rowKey="code"
          pagination={false}
          columns={columns}
          dataSource={data.scoreTable}
          scroll={narrow ? { x: 480 } : undefined}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>合计</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {data.totalWeight}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong>{data.total ?? '—'}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={narrow ? 1 : 2} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/public/reports">返回公开报告列表</Link>
      </div>
    </PublicLayout>
  );
}
