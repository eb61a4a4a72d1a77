import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type AppAbility, type AttachmentDto, type AttachmentSubjectType } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { FILE_STORE, type FileStore } from '../../infrastructure/storage/file-store';
import { FileSniffer } from '../../infrastructure/storage/file-sniffer';
import { inspectFile, type InspectedFile } from '../../infrastructure/storage/file-intake';
import { checkFileName, extensionOf } from '../../infrastructure/storage/file-names';
import { ALLOWED_TYPES } from '../../infrastructure/storage/file-types';
import { STORAGE_SETTINGS, type StorageSettings } from '../../infrastructure/storage/storage.module';
import { discard, receiveUpload, SNIFF_BYTES, type ReceivedFile } from '../../infrastructure/storage/upload-receiver';
import { VIRUS_SCANNER, type ScanResult, type VirusScanner } from '../../infrastructure/storage/virus-scanner';
import { temporaryFilePath } from '../../infrastructure/storage/temp-files';
import { formatBytes } from '../../infrastructure/uploads/zip-limits';
import { AttachmentSubjectRegistry } from './attachment-subjects';
import { AttachmentsRepository, type AttachmentRow } from './attachments.repository';

interface Target {
  evaluationId: string;
  subjectType: AttachmentSubjectType;
  subjectId: string;
  uploadedBy: string;
  /** For a new version: the attachment it replaces (must still be current). */
  previous?: AttachmentRow;
}

export interface AttachmentContent {
  stream: Readable;
  fileName: string;
  mediaType: string;
  size: number;
}

/**
 * Attachments (docs/materials.md): upload (streamed to a temp file, the type sniffed and checked, the zip limits,
 * the quota, the virus scan, then the bytes stored under their hash and the rows written in one transaction),
 * versions, withdrawal, lists and downloads — each checked against the record the file is attached to.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly registry: AttachmentSubjectRegistry,
    private readonly sniffer: FileSniffer,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
  ) {}

  async list(user: AuthenticatedUser, ability: AppAbility, subjectType: AttachmentSubjectType, subjectId: string): Promise<AttachmentDto[]> {
    await this.registry.readable(user, ability, this.attachments.db, subjectType, subjectId);
    return (await this.attachments.listForSubject(subjectType, subjectId)).map(toDto);
  }

  async get(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<AttachmentDto> {
    return toDto(await this.readable(user, ability, id));
  }

  /** The bytes: only for whoever may read the record now; never for a quarantined file. */
  async content(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<AttachmentContent> {
    const row = await this.readable(user, ability, id);
    if (row.scanStatus === 'infected') throw new DomainError('CONFLICT', '该文件未通过病毒扫描，已被隔离，不能下载', { scanStatus: 'infected' });
    return { stream: await this.store.openRead(row.sha256), fileName: row.fileName, mediaType: row.mediaType, size: row.size };
  }

  async upload(user: AuthenticatedUser, ability: AppAbility, subjectType: AttachmentSubjectType, subjectId: string, request: IncomingMessage): Promise<AttachmentDto[]> {
    const { policy, evaluationId } = await this.registry.readable(user, ability, this.attachments.db, subjectType, subjectId);
    // Refused before a byte is read: nothing to clean up.
    await policy.assertCanUpload(user, ability, subjectId);
    const files = await receiveUpload(request, { tempDir: this.settings.tempDir, maxFileBytes: this.settings.maxFileBytes, maxFiles: this.settings.maxFilesPerUpload });
    try {
      // The upload took a while: the record may have moved on meanwhile.
      await policy.assertCanUpload(user, ability, subjectId);
      const ids = await this.ingest(files, { evaluationId, subjectType, subjectId, uploadedBy: user.id });
      return this.rows(ids);
    } finally {
      await discard(files);
    }
  }

  /** A new version of a current file: the old one becomes `superseded` (kept, still downloadable). */
  async newVersion(user: AuthenticatedUser, ability: AppAbility, id: string, request: IncomingMessage): Promise<AttachmentDto> {
    const previous = await this.readable(user, ability, id);
    const policy = this.registry.get(previous.subjectType);
    await policy.assertCanUpload(user, ability, previous.subjectId);
    if (previous.status !== 'current') throw notCurrent(previous);
    const files = await receiveUpload(request, { tempDir: this.settings.tempDir, maxFileBytes: this.settings.maxFileBytes, maxFiles: 1 });
    try {
      await policy.assertCanUpload(user, ability, previous.subjectId);
      const [created] = await this.ingest(files, { evaluationId: previous.evaluationId, subjectType: previous.subjectType, subjectId: previous.subjectId, uploadedBy: user.id, previous });
      return (await this.rows([created]))[0];
    } finally {
      await discard(files);
    }
  }

  async withdraw(user: AuthenticatedUser, ability: AppAbility, id: string, reason: string): Promise<AttachmentDto> {
    const row = await this.readable(user, ability, id);
    await this.registry.get(row.subjectType).assertCanWithdraw(user, ability, row.subjectId, row);
    if (row.status !== 'current') throw notCurrent(row);
    if (!(await this.attachments.withdraw(this.attachments.db, id, reason, user.id))) throw notCurrent((await this.attachments.findById(this.attachments.db, id))!);
    return toDto((await this.attachments.findById(this.attachments.db, id))!);
  }

  /**
   * Stores bytes made by the system (the demo data) as an attachment of a record, through the same checks as an
   * upload (name, type, zip limits, quota, scan), without a permission check: the caller decides.
   */
  async storeBuffer(input: { subjectType: AttachmentSubjectType; subjectId: string; fileName: string; bytes: Buffer; uploadedBy: string }): Promise<AttachmentDto> {
    const policy = this.registry.get(input.subjectType);
    const evaluationId = await policy.evaluationOf(this.attachments.db, input.subjectId);
    if (!evaluationId) throw new DomainError('NOT_FOUND', '文件所属的记录不存在');
    const name = checkFileName(input.fileName);
    if (!name.ok) throw new DomainError('RULE_VIOLATION', `文件名不能使用：${name.reason}`, [{ path: 'file', message: name.reason }]);
    if (!input.bytes.length) throw new DomainError('RULE_VIOLATION', '不能保存空文件', [{ path: 'file', message: 'empty file' }]);
    if (input.bytes.length > this.settings.maxFileBytes) throw new DomainError('PAYLOAD_TOO_LARGE', `文件超过单个文件上限 ${formatBytes(this.settings.maxFileBytes)}`);
    const tempPath = temporaryFilePath(this.settings.tempDir);
    await writeFile(tempPath, input.bytes, { flag: 'wx' });
    const text = ['txt', 'csv'].includes(extensionOf(name.name));
    const file: ReceivedFile = {
      fileName: name.name,
      tempPath,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      head: input.bytes.subarray(0, SNIFF_BYTES),
      ...(text ? { isText: !input.bytes.includes(0) && isDecodable(input.bytes) } : {}),
    };
    try {
      const [id] = await this.ingest([file], { evaluationId, subjectType: input.subjectType, subjectId: input.subjectId, uploadedBy: input.uploadedBy });
      return (await this.rows([id]))[0];
    } finally {
      await discard([file]);
    }
  }

  private async readable(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<AttachmentRow> {
    const row = await this.attachments.findById(this.attachments.db, id);
    if (!row) throw new DomainError('NOT_FOUND', '文件不存在');
    try {
      await this.registry.readable(user, ability, this.attachments.db, row.subjectType, row.subjectId);
    } catch (error) {
      // Whoever may not see the record may not learn that the file exists.
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw new DomainError('NOT_FOUND', '文件不存在');
      throw error;
    }
    return row;
  }

  private async rows(ids: readonly string[]): Promise<AttachmentDto[]> {
    const rows = await Promise.all(ids.map((id) => this.attachments.findById(this.attachments.db, id)));
    return rows.map((row) => toDto(row!));
  }

  /** Checks, scans and stores the received files, then writes their rows: all of them or none. */
  private async ingest(files: readonly ReceivedFile[], target: Target): Promise<string[]> {
    const inspected: InspectedFile[] = [];
    for (const file of files) inspected.push(await inspectFile(file, this.sniffer));
    const incoming = files.reduce((sum, file) => sum + file.size, 0);
    await this.assertQuota(this.attachments.db, target.evaluationId, incoming);

    // The bytes first, then the rows: a row never names bytes that are not stored. (Should the transaction below
    // fail, the stored content stays unreferenced: the next upload of the same bytes reuses it, and the sweep of
    // unreferenced content removes it after a day — infrastructure/storage/stored-file-sweep.ts.)
    const known = await this.attachments.storedFiles(this.attachments.db, files.map((file) => file.sha256));
    const scans = new Map<string, ScanResult>();
    for (const [index, file] of files.entries()) {
      const existing = known.get(file.sha256);
      if (existing) {
        scans.set(file.sha256, existing.scanStatus === 'infected' ? { status: 'infected', signature: existing.scanSignature ?? '' } : { status: existing.scanStatus } as ScanResult);
        continue;
      }
      if (scans.has(file.sha256)) continue;
      const scan = await this.scan(file);
      scans.set(file.sha256, scan);
      if (scan.status === 'infected') {
        this.logger.warn(`quarantined an upload (${scan.signature}) for ${target.subjectType} ${target.subjectId}`);
        await this.store.quarantine(file.sha256, file.tempPath, file.size);
      } else {
        // Put even when the bytes are there unrecorded (a cut-off upload's): that renews them for the sweep.
        await this.store.put(file.sha256, file.tempPath, file.size, inspected[index].mediaType);
      }
    }

    return this.attachments.db.transaction(async (manager) => {
      await this.attachments.lockEvaluationStorage(manager, target.evaluationId);
      await this.assertQuota(manager, target.evaluationId, incoming);
      if (target.previous && !(await this.attachments.supersede(manager, target.previous.id))) throw notCurrent(target.previous);
      const ids: string[] = [];
      for (const [index, file] of files.entries()) {
        const scan = scans.get(file.sha256)!;
        await this.attachments.recordStoredFile(manager, {
          sha256: file.sha256,
          size: file.size,
          mediaType: inspected[index].mediaType,
          scanStatus: scan.status,
          scanSignature: scan.status === 'infected' ? scan.signature : null,
        });
        ids.push(
          await this.attachments.insert(manager, {
            ...target,
            sha256: file.sha256,
            fileName: file.fileName,
            mediaType: inspected[index].mediaType,
            size: file.size,
            version: target.previous ? target.previous.version + 1 : 1,
            previousVersionId: target.previous?.id ?? null,
            withdrawnReason: scan.status === 'infected' ? `病毒扫描发现“${scan.signature}”，文件已隔离，不能下载` : null,
          }),
        );
      }
      return ids;
    });
  }

  private async scan(file: ReceivedFile): Promise<ScanResult> {
    try {
      return await this.scanner.scan(file.tempPath);
    } catch (error) {
      this.logger.error(`virus scan failed: ${(error as Error).message}`);
      throw new DomainError('SERVICE_UNAVAILABLE', '病毒扫描服务暂时不可用，文件未保存，请稍后重新上传');
    }
  }

  private async assertQuota(runner: Parameters<AttachmentsRepository['evaluationBytes']>[0], evaluationId: string, incoming: number): Promise<void> {
    const used = await this.attachments.evaluationBytes(runner, evaluationId);
    if (used + incoming > this.settings.maxEvaluationBytes) {
      const message = `本项评价的附件已占用 ${formatBytes(used)}，加上本次上传将超过上限 ${formatBytes(this.settings.maxEvaluationBytes)}`;
      throw new DomainError('PAYLOAD_TOO_LARGE', message, [{ path: 'file', message }]);
    }
  }
}

function notCurrent(row: AttachmentRow): DomainError {
  const what = row.status === 'withdrawn' ? '已撤回' : '已有新版本';
  return new DomainError('CONFLICT', `该文件${what}，不能再替换或撤回`, { status: row.status });
}

function isDecodable(bytes: Buffer): boolean {
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes);
      return true;
    } catch {
      // try the next
    }
  }
  return false;
}

export function toDto(row: AttachmentRow): AttachmentDto {
  const type = ALLOWED_TYPES[extensionOf(row.fileName)];
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    evaluationId: row.evaluationId,
    fileName: row.fileName,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    version: row.version,
    previousVersionId: row.previousVersionId,
    status: row.status,
    scanStatus: row.scanStatus,
    withdrawnReason: row.withdrawnReason,
    withdrawnAt: row.withdrawnAt,
    withdrawnBy: row.withdrawnById ? { id: row.withdrawnById, displayName: row.withdrawnByName ?? '' } : null,
    uploadedBy: { id: row.uploadedById, displayName: row.uploadedByName },
    uploadedAt: row.uploadedAt,
    previewable: row.scanStatus !== 'infected' && (type?.previewable ?? false) && type?.mediaType === row.mediaType,
  };
}
