import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Flex, Modal, Spin, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { describeError, isApiError } from '../api/api-error';
import { downloadAttachment, formatFileSize, previewKindOf, previewUrl, type AttachmentRef } from './attachments-api';

/**
 * The message for a failed file operation: the server's own sentence for a refusal (size, type, empty file, a
 * quarantined file, no permission on the record), the usual words otherwise.
 */
export function attachmentErrorMessage(error: unknown): string {
  if (isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 401 && error.message) return error.message;
  return describeError(error);
}

/** Downloads the file, saying so when it is refused. */
export function useDownloadAttachment() {
  const { message } = App.useApp();
  return (file: Pick<AttachmentRef, 'id' | 'fileName'>) =>
    downloadAttachment(file).catch((error: unknown) => {
      message.error(`“${file.fileName}”下载失败：${attachmentErrorMessage(error)}`);
    });
}

type Loaded = { url: string; error?: undefined } | { url?: undefined; error: unknown } | { url?: undefined; error?: undefined };

/**
 * 预览: images and PDF in the page. The bytes are fetched with the token and shown from an object URL, revoked when
 * the modal closes; other types say to download.
 */
export function AttachmentPreviewModal({ file, onClose }: { file: AttachmentRef; onClose: () => void }) {
  const kind = previewKindOf(file.mediaType);
  const [loaded, setLoaded] = useState<Loaded>({});
  const download = useDownloadAttachment();

  useEffect(() => {
    if (!kind) return;
    const controller = new AbortController();
    let url: string | null = null;
    setLoaded({});
    previewUrl(file, controller.signal).then(
      (made) => {
        if (controller.signal.aborted) URL.revokeObjectURL(made);
        else {
          url = made;
          setLoaded({ url: made });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ error });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
    // The file's id and type decide what is fetched; a new object for the same file fetches nothing again.
  }, [file.id, kind]);

  let body: ReactNode;
  if (!kind) body = <Alert type="info" showIcon title="此类文件不能在页面预览，请下载查看" data-testid="attachment-preview-unsupported" />;
  else if (loaded.error !== undefined) body = <Alert type="error" showIcon title="无法预览" description={attachmentErrorMessage(loaded.error)} data-testid="attachment-preview-error" />;
  else if (!loaded.url)
    body = (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  else if (kind === 'image')
    body = (
      <Flex justify="center" style={{ background: '#fafafa', padding: 8 }}>
        <img src={loaded.url} alt={file.fileName} style={{ maxWidth: '100%', maxHeight: '68vh', objectFit: 'contain' }} data-testid="attachment-preview-image" />
      </Flex>
    );
  else body = <iframe src={loaded.url} title={file.fileName} style={{ width: '100%', height: '68vh', border: '1px solid #f0f0f0' }} data-testid="attachment-preview-pdf" />;

  return (
    <Modal
      open
      title={
        <Typography.Text ellipsis style={{ maxWidth: 760 }}>
          预览：{file.fileName}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: 'normal' }}>
            {formatFileSize(file.size)}
          </Typography.Text>
        </Typography.Text>
      }
      width={920}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button icon={<DownloadOutlined />} onClick={() => void download(file)} data-testid="attachment-preview-download">
            下载
          </Button>
          <Button type="primary" onClick={onClose} data-testid="attachment-preview-close">
            关闭
          </Button>
        </Flex>
      }
    >
      <div data-testid="attachment-preview">{body}</div>
    </Modal>
  );
}
