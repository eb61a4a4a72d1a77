import { useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Statistic, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  SATISFACTION_OPTIONS,
  SATISFACTION_OPTION_LABELS,
  WORKING_PAPER_DETAILS_SCHEMAS,
  WORKING_PAPER_KIND_LABELS,
  formatRate,
  satisfactionSummary,
  type SatisfactionCounts,
  type WorkingPaperDto,
  type WorkingPaperKind,
} from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { RecordFormModal } from '../forms/record-form-modal';
import { blankToNull } from '../forms/form-errors';
import { useFindings, useIndicators } from '../evaluations/evaluation-work-api';
import { workErrorMessage } from '../evaluations/evaluation-work-rules';
import { useSaveWorkingPaper } from './working-papers-api';

const DATE_FORMAT = 'YYYY-MM-DD';

interface Question {
  text?: string;
  counts?: Partial<SatisfactionCounts>;
}

interface FormValues {
  title?: string;
  paperDate?: Dayjs;
  content?: string;
  indicatorCodes?: string[];
  findingIds?: string[];
  details?: Record<string, unknown> & { questions?: Question[] };
}

/** The fields of each kind's 详情 (the questionnaire's questions come below them). */
const DETAIL_FIELDS: Record<WorkingPaperKind, { name: string; label: string; placeholder: string; long?: boolean; number?: boolean }[]> = {
  interview: [
    { name: 'participants', label: '参加人员', placeholder: '如：刘主任、张敏（财务科）；王建国、陈静（评价组）' },
    { name: 'place', label: '座谈地点', placeholder: '如：办公厅三楼会议室' },
  ],
  site_check: [
    { name: 'place', label: '核查地点', placeholder: '如：资产库房' },
    { name: 'checkedItems', label: '核查内容', placeholder: '核查了哪些资产、项目或现场', long: true },
    { name: 'result', label: '核查结果', placeholder: '账实是否相符、发现的问题', long: true },
  ],
  questionnaire: [
    { name: 'respondents', label: '调查对象', placeholder: '如：政务服务大厅办事群众' },
    { name: 'validResponses', label: '有效问卷（份）', placeholder: '收回的有效问卷份数', number: true },
  ],
  cross_check: [
    { name: 'comparedSource', label: '复核资料', placeholder: '如：2025年度部门决算报表' },
    { name: 'comparedWith', label: '对照资料', placeholder: '如：总账及明细账' },
    { name: 'differences', label: '差异情况', placeholder: '发现的差异及原因；无差异请写明“无差异”', long: true },
  ],
};

const CONTENT_LABEL: Record<WorkingPaperKind, string> = { interview: '座谈内容', site_check: '核查情况说明', questionnaire: '调查说明', cross_check: '复核说明' };

const emptyCounts = (): SatisfactionCounts => ({ verySatisfied: 0, satisfied: 0, fairlySatisfied: 0, dissatisfied: 0 });

/** The questionnaire's rate, computed as the counts are typed: (非常满意 + 满意) ÷ 有效回答, per question and overall. */
function LiveSatisfaction({ questions }: { questions: Question[] | undefined }) {
  const summary = satisfactionSummary((questions ?? []).map((q) => ({ counts: { ...emptyCounts(), ...(q?.counts ?? {}) } as SatisfactionCounts })));
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="satisfaction-live">
      <Statistic title="总体满意度（非常满意＋满意）÷ 有效回答" value={formatRate(summary.rate)} />
      <Typography.Text type="secondary">
        {summary.questions.map((q, i) => `第${i + 1}题 ${formatRate(q.rate)}（${q.satisfied}/${q.valid}）`).join('；') || '尚无问题'}
      </Typography.Text>
    </Space>
  );
}

interface WorkingPaperFormModalProps {
  evaluationId: string;
  kind: WorkingPaperKind;
  /** The paper to edit; undefined to write a new one. */
  paper?: WorkingPaperDto;
  onClose: () => void;
}

/** 编写/修改工作底稿: the common fields, the kind's own, the indicators and findings it supports. */
export function WorkingPaperFormModal({ evaluationId, kind, paper, onClose }: WorkingPaperFormModalProps) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const save = useSaveWorkingPaper(evaluationId);
  const indicators = useIndicators(evaluationId);
  const findings = useFindings(evaluationId);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const questions = Form.useWatch(['details', 'questions'], form) as Question[] | undefined;

  const indicatorOptions = (indicators.data?.rows ?? []).filter((row) => row.level === 3).map((row) => ({ value: row.code, label: `${row.code} ${row.name}` }));
  const findingOptions = (findings.data?.items ?? []).map((f) => ({ value: f.id, label: `问题${f.seq}：${f.title}` }));

  /** The API's field problems ([{path: 'details.place', …}]) onto the form's nested fields. */
  const placeServerErrors = (error: unknown): boolean => {
    if (!isApiError(error, 400) && !isApiError(error, 422)) return false;
    const issues = error.fieldIssues;
    if (!issues.length) return false;
    form.setFields(issues.map((issue) => ({ name: issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [issue.message] })));
    return true;
  };

  const submit = async () => {
    setFormError(null);
    setConflict(false);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const rawDetails = { ...(values.details ?? {}) };
    if (kind === 'questionnaire') {
      rawDetails.questions = (values.details?.questions ?? []).map((q) => ({ text: q.text ?? '', counts: { ...emptyCounts(), ...(q.counts ?? {}) } }));
    }
    const details = WORKING_PAPER_DETAILS_SCHEMAS[kind].safeParse(rawDetails);
    if (!details.success) {
      form.setFields(details.error.issues.map((issue) => ({ name: ['details', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], errors: ['请按要求填写'] })));
      setFormError(kind === 'questionnaire' ? '请检查问卷：每题各选项的回答数之和不能超过有效问卷份数' : '请填写完整');
      return;
    }
    const fields = {
      title: values.title ?? '',
      paperDate: values.paperDate ? values.paperDate.format(DATE_FORMAT) : '',
      content: blankToNull(values.content?.trim()),
      indicatorCodes: values.indicatorCodes ?? [],
      findingIds: values.findingIds ?? [],
      details: details.data as Record<string, unknown>,
    };
    try {
      if (paper) await save.mutateAsync({ id: paper.id, changes: { ...fields, expectedVersion: paper.version } });
      else await save.mutateAsync({ changes: { kind, ...fields } as never });
      message.success(paper ? '工作底稿已保存' : '工作底稿已创建');
      onClose();
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') setConflict(true);
      else if (isApiError(error, 403) || isApiError(error, 409)) setFormError(workErrorMessage(error));
      else if (!placeServerErrors(error)) setFormError(error instanceof Error ? error.message : '保存失败');
    }
  };

  const initialValues: FormValues = paper
    ? {
        title: paper.title,
        paperDate: dayjs(paper.paperDate),
        content: paper.content ?? '',
        indicatorCodes: paper.indicatorCodes,
        findingIds: paper.findings.map((f) => f.id),
        details: paper.details as FormValues['details'],
      }
    : { paperDate: dayjs(), indicatorCodes: [], findingIds: [], details: kind === 'questionnaire' ? { questions: [{ text: '', counts: emptyCounts() }] } : {} };

  return (
    <RecordFormModal
      title={`${paper ? '修改' : '新建'}${WORKING_PAPER_KIND_LABELS[kind]}`}
      submitTestId="working-paper-submit"
      saving={save.isPending}
      conflict={conflict}
      formError={formError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="working-paper-form">
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请输入标题' }, { min: 2, message: '标题至少2个字' }]}>
              <Input maxLength={200} placeholder="如：与财务科座谈" data-testid="working-paper-title" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="日期" name="paperDate" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="working-paper-date" />
            </Form.Item>
          </Col>
        </Row>
        {DETAIL_FIELDS[kind].map((field) => (
          <Form.Item key={field.name} label={field.label} name={['details', field.name]} rules={[{ required: true, message: `请填写${field.label}` }]}>
            {field.number ? (
              <InputNumber min={0} precision={0} style={{ width: '100%' }} placeholder={field.placeholder} data-testid={`working-paper-${field.name}`} />
            ) : field.long ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={field.placeholder} data-testid={`working-paper-${field.name}`} />
            ) : (
              <Input maxLength={500} placeholder={field.placeholder} data-testid={`working-paper-${field.name}`} />
            )}
          </Form.Item>
        ))}
        {kind === 'questionnaire' && (
          <>
            <Typography.Text strong>各题回答数</Typography.Text>
            <Form.List name={['details', 'questions']}>
              {(items, { add, remove }) => (
                <Space orientation="vertical" size={8} style={{ width: '100%', marginTop: 8 }}>
                  {items.map((item, index) => (
                    <div key={item.key} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }} data-testid={`question-${index}`}>
                      <Row gutter={8} align="middle">
                        <Col flex="auto">
                          <Form.Item name={[item.name, 'text']} rules={[{ required: true, whitespace: true, message: '请输入题目' }]} style={{ marginBottom: 8 }}>
                            <Input maxLength={300} placeholder={`第${index + 1}题，如：办事效率`} data-testid={`question-${index}-text`} />
                          </Form.Item>
                        </Col>
                        <Col>
                          <Button icon={<DeleteOutlined />} disabled={items.length === 1} onClick={() => remove(item.name)} aria-label="删除此题" />
                        </Col>
                      </Row>
                      <Row gutter={8}>
                        {SATISFACTION_OPTIONS.map((option) => (
                          <Col span={6} key={option}>
                            <Form.Item name={[item.name, 'counts', option]} label={SATISFACTION_OPTION_LABELS[option]} style={{ marginBottom: 0 }}>
                              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`question-${index}-${option}`} />
                            </Form.Item>
                          </Col>
                        ))}
                      </Row>
                    </div>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ text: '', counts: emptyCounts() })} data-testid="question-add">
                    添加题目
                  </Button>
                </Space>
              )}
            </Form.List>
            <Alert type="info" style={{ margin: '12px 0' }} title={<LiveSatisfaction questions={questions} />} />
          </>
        )}
        <Form.Item label={CONTENT_LABEL[kind]} name="content">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} data-testid="working-paper-content" />
        </Form.Item>
        <Form.Item label="支撑的指标" name="indicatorCodes">
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="可选" loading={indicators.isPending} options={indicatorOptions} data-testid="working-paper-indicators" />
        </Form.Item>
        <Form.Item label="支撑的问题" name="findingIds">
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="可选" loading={findings.isPending} options={findingOptions} data-testid="working-paper-findings" />
        </Form.Item>
      </Form>
    </RecordFormModal>
  );
}
