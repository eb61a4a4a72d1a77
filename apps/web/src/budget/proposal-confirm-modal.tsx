import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { workErrorMessage } from '../evaluations/evaluation-work-rules';
import { useConfirmProposal, type ProposedFinding } from './budget-api';

interface ConfirmValues {
  deduction: number | null;
  causeAnalysis?: string;
  recommendation?: string;
}

/**
 * 确认为问题: the proposal becomes a finding. 问题剖析 and 建议 are asked for right here, because the draft for comment
 * cannot go out while a finding lacks them; both stay optional, so the team may confirm first and write them later.
 */
export function ProposalConfirmModal({ evaluationId, proposal, onClose }: { evaluationId: string; proposal: ProposedFinding; onClose: () => void }) {
  const [form] = Form.useForm<ConfirmValues>();
  const { message } = App.useApp();
  const confirm = useConfirmProposal(evaluationId);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    confirm.mutate(
      {
        proposalId: proposal.id,
        deduction: values.deduction ?? null,
        causeAnalysis: values.causeAnalysis?.trim() || null,
        recommendation: values.recommendation?.trim() || null,
      },
      {
        onSuccess: () => (onClose(), message.success('已记入问题清单')),
        onError: (error) => message.error(workErrorMessage(error)),
      },
    );
  };

  return (
    <Modal open title="确认为问题" okText="确认" cancelText="取消" width={640} confirmLoading={confirm.isPending} onCancel={onClose} onOk={() => void submit()}>
      <Typography.Paragraph strong>{proposal.title}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{proposal.description}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ deduction: proposal.suggestedDeduction }} data-testid="proposal-confirm-form">
        <Form.Item name="causeAnalysis" label="问题剖析" extra="问题产生的原因；发出征求意见稿前每个问题都需要填写，也可确认后在问题清单中补充">
          <Input.TextArea rows={3} maxLength={5000} placeholder="例如：年初预算编制对全年工作任务预计不足" data-testid="proposal-cause-analysis" />
        </Form.Item>
        <Form.Item name="recommendation" label="建议" extra="针对问题提出的改进建议">
          <Input.TextArea rows={3} maxLength={5000} placeholder="例如：加强预算编制的前期论证，提高年初预算到位率" data-testid="proposal-recommendation" />
        </Form.Item>
        <Form.Item name="deduction" label="扣分" extra={proposal.suggestedDeduction === null ? '该指标按项目整体评分，系统不给出建议扣分' : `建议扣分 ${proposal.suggestedDeduction.toFixed(2)}`}>
          <InputNumber min={0} max={100} step={0.01} precision={2} style={{ width: 160 }} data-testid="proposal-deduction" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
