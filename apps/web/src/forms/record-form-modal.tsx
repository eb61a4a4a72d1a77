import type { ReactNode } from 'react';
import { Alert, Button, Modal, type ButtonProps } from 'antd';

export interface RecordFormModalProps {
  title: string;
  /** data-testid of the save button, for the browser tests. */
  submitTestId: string;
  saving: boolean;
  /** The record changed under the user (409 VERSION_CONFLICT). */
  conflict: boolean;
  formError: string | null | undefined;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** The frame every create/edit form shares: save/cancel, the version-conflict warning and the form-level error. */
export function RecordFormModal({ title, submitTestId, saving, conflict, formError, onSubmit, onClose, children }: RecordFormModalProps) {
  return (
    <Modal
      open
      title={title}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={onSubmit}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      width={640}
      okButtonProps={{ 'data-testid': submitTestId } as ButtonProps}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title="数据已被他人修改，请刷新后重试"
          description="列表已刷新，请关闭此窗口后重新编辑。"
          action={<Button size="small" onClick={onClose}>关闭</Button>}
          style={{ marginBottom: 16 }}
          data-testid="version-conflict"
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="form-error" />}
      {children}
    </Modal>
  );
}
