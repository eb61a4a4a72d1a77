import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { EyeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { AttachmentPreviewModal, useDownloadAttachment } from './attachment-preview';
import { formatFileSize, previewKindOf, type AttachmentRef } from './attachments-api';

/** The files a step of the history carried: the name downloads the file, 预览 shows images and PDF in the page. */
export function HistoryFiles({ files }: { files: readonly AttachmentRef[] }) {
  const [previewing, setPreviewing] = useState<AttachmentRef | null>(null);
  const download = useDownloadAttachment();
  if (files.length === 0) return null;
  return (
    <div data-testid="history-files" style={{ marginTop: 4 }}>
      {files.map((file) => (
        <div key={file.id} data-testid="history-file">
          <Space size={4} wrap>
            <PaperClipOutlined style={{ color: '#8c8c8c' }} />
            <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => void download(file)} title="下载">
              {file.fileName}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatFileSize(file.size)}
            </Typography.Text>
            {previewKindOf(file.mediaType) && (
              <Button type="link" size="small" icon={<EyeOutlined />} style={{ padding: 0 }} onClick={() => setPreviewing(file)} data-testid="history-file-preview">
                预览
              </Button>
            )}
          </Space>
        </div>
      ))}
      {previewing && <AttachmentPreviewModal file={previewing} onClose={() => setPreviewing(null)} />}
    </div>
  );
}
