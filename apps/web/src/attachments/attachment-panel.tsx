import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Progress, Space, Spin, Tag, Tooltip, Typography, Upload } from 'antd';
import type { ButtonProps } from 'antd';
import { CloseOutlined, DownloadOutlined, EyeOutlined, InboxOutlined, PaperClipOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { DATE_TIME_FORMAT } from '../labels';
import { AttachmentPreviewModal, attachmentErrorMessage, useDownloadAttachment } from './attachment-preview';
import {
  formatFileSize,
  previewKindOf,
  uploadAttachment,
  uploadAttachmentVersion,
  useAttachments,
  useRefreshAttachments,
  useWithdrawAttachment,
  type AttachmentDto,
  type AttachmentRef,
  type AttachmentStatus,
  type AttachmentScanStatus,
  type AttachmentSubject,
  type AttachmentSubjectType,
} from './attachments-api';

export interface AttachmentPanelProps {
  subjectType: AttachmentSubjectType;
  subjectId: string;
  /** Offer the upload area and 替换 (the page's own editing rule; the server decides and its refusal is shown). */
  canUpload: boolean;
  /** Offer 撤回; defaults to canUpload. */
  canWithdraw?: boolean;
  /** What an empty list says, e.g. "部门尚未上传资料". */
  emptyText?: string;
}

const STATUS_TAGS: Record<AttachmentStatus, { text: string; color?: string }> = {
  current: { text: '当前', color: 'blue' },
  superseded: { text: '已替换' },
  withdrawn: { text: '已撤回', color: 'orange' },
};

const SCAN_TAGS: Record<AttachmentScanStatus, { text: string; color?: string; hint: string }> = {
  not_scanned: { text: '未扫描', hint: '未配置病毒扫描，文件未经扫描' },
  clean: { text: '已扫描', color: 'green', hint: '病毒扫描未发现问题' },
  infected: { text: '已隔离', color: 'red', hint: '病毒扫描发现问题，文件已隔离，不能下载或预览' },
};

const ACCEPTED_TYPES = 'PDF、OFD、Word、Excel、WPS、图片（JPG、PNG 等）、压缩包（ZIP、RAR、7z）和文本文件（TXT、CSV）';

/** One file being sent: its progress, then its result (kept on screen until cleared, so a refusal can be read). */
interface UploadEntry {
  key: string;
  fileName: string;
  size: number;
  /** The file this one replaces (a new version). */
  replacing?: string;
  /** null while the browser does not know the size of the request. */
  percent: number | null;
  status: 'uploading' | 'done' | 'error';
  error?: string;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** One request per file, so each has its own progress bar and its own answer; a refused file leaves the others alone. */
function useUploads(subject: AttachmentSubject) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const refresh = useRefreshAttachments(subject);
  const counter = useRef(0);

  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const update = (key: string, patch: Partial<UploadEntry>) => setEntries((list) => list.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)));

  const start = (file: File, replacing?: AttachmentDto) => {
    counter.current += 1;
    const key = `upload-${counter.current}`;
    const controller = new AbortController();
    controllers.current.set(key, controller);
    setEntries((list) => [...list, { key, fileName: file.name, size: file.size, replacing: replacing?.fileName, percent: 0, status: 'uploading' }]);
    // The last percent waits for the server's answer (it checks and stores the file after the last byte arrives).
    const onProgress = ({ loaded, total }: { loaded: number; total: number }) => update(key, { percent: total > 0 ? Math.min(99, Math.floor((loaded / total) * 100)) : null });
    const request = replacing ? uploadAttachmentVersion(replacing.id, file, onProgress, controller.signal) : uploadAttachment(subject, file, onProgress, controller.signal);
    request
      .then(
        () => update(key, { status: 'done', percent: 100 }),
        (error: unknown) => update(key, { status: 'error', error: isAbort(error) ? '已取消上传' : attachmentErrorMessage(error) }),
      )
      .finally(() => {
        controllers.current.delete(key);
        void refresh();
      });
  };

  return {
    entries,
    start,
    cancel: (key: string) => controllers.current.get(key)?.abort(),
    clear: () => setEntries((list) => list.filter((entry) => entry.status === 'uploading')),
  };
}

function UploadRow({ entry, onCancel }: { entry: UploadEntry; onCancel: () => void }) {
  const status = entry.status === 'error' ? 'exception' : entry.status === 'done' ? 'success' : 'active';
  return (
    <div data-testid="attachment-upload" data-status={entry.status} style={{ padding: '6px 0', borderBottom: '1px dashed #f0f0f0' }}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text ellipsis style={{ minWidth: 0 }}>
          {entry.replacing ? `替换“${entry.replacing}”：` : ''}
          {entry.fileName}
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {formatFileSize(entry.size)}
          </Typography.Text>
        </Typography.Text>
        <Space size={4} style={{ flex: 'none' }}>
          <Typography.Text type={entry.status === 'error' ? 'danger' : entry.status === 'done' ? 'success' : 'secondary'}>
            {entry.status === 'done' ? '已上传' : entry.status === 'error' ? '未上传' : entry.percent === 99 ? '正在保存' : '上传中'}
          </Typography.Text>
          {entry.status === 'uploading' && (
            <Tooltip title="取消上传">
              <Button type="text" size="small" icon={<CloseOutlined />} onClick={onCancel} aria-label="取消上传" />
            </Tooltip>
          )}
        </Space>
      </Flex>
      <Progress percent={entry.percent ?? 0} status={status} size="small" showInfo={entry.status === 'uploading'} data-testid="attachment-upload-progress" />
      {entry.error && (
        <Typography.Text type="danger" data-testid="attachment-upload-error">
          {entry.error}
        </Typography.Text>
      )}
    </div>
  );
}

/** 撤回: the file is kept (a step of the history may refer to it) and marked withdrawn with the reason. */
function WithdrawModal({ subject, file, onClose }: { subject: AttachmentSubject; file: AttachmentDto; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = useWithdrawAttachment(subject);
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await withdraw.mutateAsync({ id: file.id, reason: values.reason.trim() });
      message.success(`“${file.fileName}”已撤回`);
      onClose();
    } catch (error) {
      setFormError(attachmentErrorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`撤回文件：${file.fileName}`}
      okText="撤回"
      cancelText="取消"
      okButtonProps={{ danger: true, 'data-testid': 'attachment-withdraw-submit' } as ButtonProps}
      confirmLoading={withdraw.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">撤回后文件仍会保留并注明撤回理由，有权查看的人仍可下载。</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="attachment-withdraw-error" />}
      <Form form={form} layout="vertical">
        <Form.Item label="撤回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写撤回理由' }, { min: 2, message: '至少2个字符' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount placeholder="如：上传错了文件，已另行上传正确版本" data-testid="attachment-withdraw-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface FileRowProps {
  file: AttachmentDto;
  mayReplace: boolean;
  mayWithdraw: boolean;
  onPreview: () => void;
  onDownload: () => void;
  onReplace: (file: File) => void;
  onWithdraw: () => void;
}

function FileRow({ file, mayReplace, mayWithdraw, onPreview, onDownload, onReplace, onWithdraw }: FileRowProps) {
  const quarantined = file.scanStatus === 'infected';
  const previewable = !quarantined && file.previewable && previewKindOf(file.mediaType) !== null;
  const status = STATUS_TAGS[file.status];
  const scan = SCAN_TAGS[file.scanStatus];
  const old = file.status !== 'current';
  return (
    <div data-testid="attachment-row" data-status={file.status} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Flex justify="space-between" align="start" gap={12}>
        <div style={{ minWidth: 0, flex: '1 1 0' }}>
          <Space size={[6, 2]} wrap>
            <PaperClipOutlined style={{ color: '#8c8c8c' }} />
            <Typography.Text strong={!old} type={old ? 'secondary' : undefined} delete={file.status === 'withdrawn'} style={{ wordBreak: 'break-all' }} data-testid="attachment-name">
              {file.fileName}
            </Typography.Text>
            {file.version > 1 && <Tag>第{file.version}版</Tag>}
            <Tag color={status.color} data-testid="attachment-status">
              {status.text}
            </Tag>
            <Tooltip title={scan.hint}>
              <Tag color={scan.color} data-testid="attachment-scan">
                {scan.text}
              </Tag>
            </Tooltip>
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatFileSize(file.size)} · {file.uploadedBy.displayName} 上传于 {dayjs(file.uploadedAt).format(DATE_TIME_FORMAT)}
            </Typography.Text>
          </div>
          {file.status === 'withdrawn' && (
            <Typography.Paragraph type="warning" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }} data-testid="attachment-withdrawn-reason">
              撤回理由：{file.withdrawnReason ?? '—'}
              {file.withdrawnBy ? `（${file.withdrawnBy.displayName}${file.withdrawnAt ? `，${dayjs(file.withdrawnAt).format(DATE_TIME_FORMAT)}` : ''}）` : ''}
            </Typography.Paragraph>
          )}
          {quarantined && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              病毒扫描发现问题，文件已隔离，不能下载或预览。
            </Typography.Text>
          )}
        </div>
        <Space size={0} wrap style={{ flex: 'none', maxWidth: '50%', justifyContent: 'flex-end' }}>
          {previewable && (
            <Button type="link" size="small" icon={<EyeOutlined />} onClick={onPreview} data-testid="attachment-preview-open">
              预览
            </Button>
          )}
          {!quarantined && (
            <Button type="link" size="small" icon={<DownloadOutlined />} onClick={onDownload} data-testid="attachment-download">
              下载
            </Button>
          )}
          {mayReplace && file.status === 'current' && (
            <span data-testid="attachment-replace-upload">
              <Upload showUploadList={false} beforeUpload={(chosen) => (onReplace(chosen), Upload.LIST_IGNORE)}>
                <Button type="link" size="small" icon={<SwapOutlined />} data-testid="attachment-replace">
                  替换
                </Button>
              </Upload>
            </span>
          )}
          {mayWithdraw && file.status === 'current' && (
            <Button type="link" size="small" danger icon={<StopOutlined />} onClick={onWithdraw} data-testid="attachment-withdraw">
              撤回
            </Button>
          )}
        </Space>
      </Flex>
    </div>
  );
}

/**
 * 附件: the files that evidence one record — drag-and-drop upload with a progress bar per file, the list with
 * preview (images, PDF), download, replace (a new version) and withdraw (with the reason). Old versions and withdrawn
 * files stay listed: the history may refer to them.
 */
export function AttachmentPanel({ subjectType, subjectId, canUpload, canWithdraw = canUpload, emptyText = '暂无附件' }: AttachmentPanelProps) {
  const subject = useMemo<AttachmentSubject>(() => ({ subjectType, subjectId }), [subjectType, subjectId]);
  const { data, error, isPending, refetch } = useAttachments(subject);
  const uploads = useUploads(subject);
  const download = useDownloadAttachment();
  const [previewing, setPreviewing] = useState<AttachmentRef | null>(null);
  const [withdrawing, setWithdrawing] = useState<AttachmentDto | null>(null);
  const [showOld, setShowOld] = useState(false);

  const items = data?.items ?? [];
  const superseded = items.filter((file) => file.status === 'superseded');
  const shown = showOld ? items : items.filter((file) => file.status !== 'superseded');
  const uploading = uploads.entries.some((entry) => entry.status === 'uploading');

  let list: ReactNode;
  if (isPending)
    list = (
      <Flex justify="center" style={{ padding: 16 }}>
        <Spin size="small" />
      </Flex>
    );
  else if (error)
    list = (
      <Alert
        type="error"
        showIcon
        title={`附件加载失败：${attachmentErrorMessage(error)}`}
        action={
          <Button size="small" onClick={() => void refetch()}>
            重试
          </Button>
        }
        data-testid="attachments-error"
      />
    );
  else if (shown.length === 0)
    list = (
      <Typography.Text type="secondary" data-testid="attachments-empty">
        {items.length === 0 ? emptyText : '没有当前文件'}
      </Typography.Text>
    );
  else
    list = shown.map((file) => (
      <FileRow
        key={file.id}
        file={file}
        mayReplace={canUpload}
        mayWithdraw={canWithdraw}
        onPreview={() => setPreviewing(file)}
        onDownload={() => void download(file)}
        onReplace={(chosen) => uploads.start(chosen, file)}
        onWithdraw={() => setWithdrawing(file)}
      />
    ));

  return (
    <div data-testid={`attachment-panel-${subjectType}`} data-subject-id={subjectId} style={{ width: '100%', minWidth: 0 }}>
      {canUpload && (
        <div data-testid="attachment-dropzone">
          <Upload.Dragger multiple showUploadList={false} beforeUpload={(file) => (uploads.start(file), Upload.LIST_IGNORE)}>
            <p className="ant-upload-text" style={{ fontSize: 14 }}>
              <InboxOutlined style={{ color: '#1677ff', fontSize: 20, marginRight: 8, verticalAlign: -3 }} />
              将文件拖到此处，或点击选择文件（可一次选多个）
            </p>
            <p className="ant-upload-hint" style={{ fontSize: 12 }}>
              支持 {ACCEPTED_TYPES}
            </p>
          </Upload.Dragger>
        </div>
      )}
      {uploads.entries.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="attachment-uploads">
          {uploads.entries.map((entry) => (
            <UploadRow key={entry.key} entry={entry} onCancel={() => uploads.cancel(entry.key)} />
          ))}
          {!uploading && (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={uploads.clear} data-testid="attachment-uploads-clear">
              清除上传记录
            </Button>
          )}
        </div>
      )}
      <div style={{ marginTop: canUpload ? 8 : 0 }} data-testid="attachment-list">
        {list}
      </div>
      {superseded.length > 0 && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setShowOld((open) => !open)} data-testid="attachment-toggle-old">
          {showOld ? '隐藏已替换的旧版本' : `显示已替换的旧版本（${superseded.length}）`}
        </Button>
      )}
      {previewing && <AttachmentPreviewModal file={previewing} onClose={() => setPreviewing(null)} />}
      {withdrawing && <WithdrawModal subject={subject} file={withdrawing} onClose={() => setWithdrawing(null)} />}
    </div>
  );
}
