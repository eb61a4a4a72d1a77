import { useMemo } from 'react';
import { Alert, Card, Col, Empty, List, Pagination, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { PublicLayout } from './public-layout';
import { usePublicReports, type PublicReportFilters } from './public-reports-api';

const GRADE_COLORS: Record<string, string> = { excellent: 'green', good: 'blue', fair: 'orange', poor: 'red' };

/** /public/reports: every published report, by year, region and department; readable on a phone (one column). */
export function PublicReportsPage() {
  const [params, setParams] = useSearchParams();
  const filters: PublicReportFilters = useMemo(
    () => ({
      year: params.get('year') ? Number(params.get('year')) : undefined,
      regionId: params.get('regionId') ?? undefined,
      departmentId: params.get('departmentId') ?? undefined,
      page: Number(params.get('page') ?? 1) || 1,
    }),
    [params],
  );
  const { data, isLoading, error } = usePublicReports(filters);
  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const facets = data?.facets;

  return (
    <PublicLayout>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[8, 8]}>
          <Col xs={24} sm={6}>
            <Select allowClear placeholder="评价年度" style={{ width: '100%' }} value={filters.year} onChange={(v) => set('year', v)} options={(facets?.years ?? []).map((y) => ({ value: y, label: `${y}年度` }))} />
          </Col>
          <Col xs={24} sm={8}>
            <Select allowClear placeholder="地区" style={{ width: '100%' }} value={filters.regionId} onChange={(v) => set('regionId', v)} options={(facets?.regions ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Col>
          <Col xs={24} sm={10}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="被评价部门"
              style={{ width: '100%' }}
              value={filters.departmentId}
              onChange={(v) => set('departmentId', v)}
              options={(facets?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Col>
        </Row>
      </Card>
      {error ? <Alert type="error" showIcon message="公开报告暂时无法加载，请稍后再试" /> : null}
      {isLoading ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : data && data.items.length === 0 ? (
        <Card>
          <Empty description="暂无符合条件的公开评价报告" />
        </Card>
      ) : (
        <List
          dataSource={data?.items ?? []}
          renderItem={(report) => (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Link to={`/public/reports/${report.id}`}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {report.title}
                </Typography.Title>
              </Link>
              <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
                <Tag>{report.fiscalYear}年度</Tag>
                <Tag>{report.region.name}</Tag>
                <Typography.Text type="secondary">{report.department.name}</Typography.Text>
              </Space>
              <Row gutter={[8, 8]} align="middle">
                <Col xs={12} sm={6}>
                  <Typography.Text type="secondary">综合得分</Typography.Text>
                  <div style={{ fontSize: 20, fontWeight: 600 }}>{report.total ?? '—'}</div>
                </Col>
                <Col xs={12} sm={6}>
                  <Typography.Text type="secondary">评价等级</Typography.Text>
                  <div>{report.grade ? <Tag color={GRADE_COLORS[report.grade]} style={{ fontSize: 14 }}>{report.gradeLabel}</Tag> : '—'}</div>
                </Col>
                <Col xs={24} sm={12}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {report.reportNumber ? `${report.reportNumber} · ` : ''}
                    {report.commissioningOrganisation.name} · 公开于 {report.publishedAt.slice(0, 10)}
                  </Typography.Text>
                </Col>
              </Row>
              {report.conclusion ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{report.conclusion}</Typography.Paragraph> : null}
            </Card>
          )}
        />
      )}
      {data && data.total > data.pageSize ? (
        <Pagination simple current={data.page} pageSize={data.pageSize} total={data.total} onChange={(page) => set('page', page)} style={{ textAlign: 'center' }} />
      ) : null}
    </PublicLayout>
  );
}
