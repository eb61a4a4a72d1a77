import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AttachmentSubjectType } from '@evalflow/domain';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

/** One attachment row with its file's scan status and the names of the people involved. */
export interface AttachmentRow {
  id: string;
  evaluationId: string;
  subjectType: AttachmentSubjectType;
  subjectId: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
  version: number;
  previousVersionId: string | null;
  status: 'current' | 'superseded' | 'withdrawn';
  scanStatus: 'not_scanned' | 'clean' | 'infected';
  withdrawnReason: string | null;
  withdrawnAt: string | null;
  withdrawnById: string | null;
  withdrawnByName: string | null;
  uploadedById: string;
  uploadedByName: string;
  uploadedAt: string;
}

export interface StoredFileRow {
  sha256: string;
  scanStatus: 'not_scanned' | 'clean' | 'infected';
  scanSignature: string | null;
}

export interface NewAttachment {
  evaluationId: string;
  subjectType: AttachmentSubjectType;
  subjectId: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
  version: number;
  previousVersionId: string | null;
  uploadedBy: string;
  /** An infected file is recorded withdrawn at once, with this reason: kept, never counted, never served. */
  withdrawnReason: string | null;
}

const SELECT = `SELECT a.id, a.evaluation_id AS "evaluationId", a.subject_type AS "subjectType", a.subject_id AS "subjectId", a.sha256,
  a.file_name AS "fileName", a.media_type AS "mediaType", a.size::float8 AS size, a.version, a.previous_version_id AS "previousVersionId",
  a.status, f.scan_status AS "scanStatus", a.withdrawn_reason AS "withdrawnReason", a.withdrawn_at AS "withdrawnAt",
  a.withdrawn_by AS "withdrawnById", wu.display_name AS "withdrawnByName", a.uploaded_by AS "uploadedById", uu.display_name AS "uploadedByName",
  a.uploaded_at AS "uploadedAt"
  FROM attachments a
  JOIN stored_files f ON f.sha256 = a.sha256
  JOIN users uu ON uu.id = a.uploaded_by
  LEFT JOIN users wu ON wu.id = a.withdrawn_by`;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const toRow = (row: AttachmentRow): AttachmentRow => ({ ...row, uploadedAt: iso(row.uploadedAt)!, withdrawnAt: iso(row.withdrawnAt) });

@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async findById(runner: Queryable, id: string, lock = false): Promise<AttachmentRow | null> {
    const row = await one<AttachmentRow>(runner, `${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
    return row ? toRow(row) : null;
  }

  /** Current, superseded and withdrawn, newest first. */
  async listForSubject(subjectType: AttachmentSubjectType, subjectId: string): Promise<AttachmentRow[]> {
    return (await many<AttachmentRow>(this.db, `${SELECT} WHERE a.subject_type = $1 AND a.subject_id = $2 ORDER BY a.uploaded_at DESC, a.version DESC, a.id`, [subjectType, subjectId])).map(toRow);
  }

  async storedFiles(runner: Queryable, hashes: readonly string[]): Promise<Map<string, StoredFileRow>> {
    const rows = await many<StoredFileRow>(runner, `SELECT sha256, scan_status AS "scanStatus", scan_signature AS "scanSignature" FROM stored_files WHERE sha256 = ANY($1)`, [hashes]);
    return new Map(rows.map((row) => [row.sha256, row]));
  }

  async recordStoredFile(runner: Queryable, file: { sha256: string; size: number; mediaType: string; scanStatus: StoredFileRow['scanStatus']; scanSignature: string | null }): Promise<void> {
    await runner.query(
      `INSERT INTO stored_files (sha256, size, media_type, scan_status, scan_signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
      [file.sha256, file.size, file.mediaType, file.scanStatus, file.scanSignature],
    );
  }

  /**
   * Serialises the quota check and the inserts of one evaluation's uploads (a transaction-scoped advisory lock: the
   * evaluation's row is not locked, so its transitions never wait on an upload).
   */
  async lockEvaluationStorage(runner: Queryable, evaluationId: string): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtextextended('attachments:' || $1::text, 0))`, [evaluationId]);
  }

  /** The sum of the sizes of the evaluation's attachments (every version: all are kept). */
  async evaluationBytes(runner: Queryable, evaluationId: string): Promise<number> {
    const row = await one<{ bytes: number }>(runner, `SELECT coalesce(sum(size), 0)::float8 AS bytes FROM attachments WHERE evaluation_id = $1`, [evaluationId]);
    return row?.bytes ?? 0;
  }

  async insert(runner: Queryable, attachment: NewAttachment): Promise<string> {
    const withdrawn = attachment.withdrawnReason !== null;
    const [{ id }] = await runner.query(
      `INSERT INTO attachments (evaluation_id, subject_type, subject_id, sha256, file_name, media_type, size, version, previous_version_id, uploaded_by,
         status, withdrawn_reason, withdrawn_at, withdrawn_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${withdrawn ? 'now()' : 'NULL'}, ${withdrawn ? '$10' : 'NULL'}) RETURNING id`,
      [
        attachment.evaluationId,
        attachment.subjectType,
        attachment.subjectId,
        attachment.sha256,
        attachment.fileName,
        attachment.mediaType,
        attachment.size,
        attachment.version,
        attachment.previousVersionId,
        attachment.uploadedBy,
        withdrawn ? 'withdrawn' : 'current',
        attachment.withdrawnReason,
      ],
    );
    return id;
  }

  /** current → superseded (a new version took its place); false when it was no longer current. */
  async supersede(runner: Queryable, id: string): Promise<boolean> {
    const [, count] = await runner.query(`UPDATE attachments SET status = 'superseded' WHERE id = $1 AND status = 'current'`, [id]);
    return count === 1;
  }

  async withdraw(runner: Queryable, id: string, reason: string, userId: string): Promise<boolean> {
    const [, count] = await runner.query(
      `UPDATE attachments SET status = 'withdrawn', withdrawn_reason = $2, withdrawn_at = now(), withdrawn_by = $3 WHERE id = $1 AND status = 'current'`,
      [id, reason, userId],
    );
    return count === 1;
  }
}

/** The evaluation of a finding (the subject of `finding` and `finding_answer` files). */
export async function findingEvaluationId(runner: Queryable, findingId: string): Promise<string | null> {
  return (await one<{ evaluationId: string }>(runner, `SELECT evaluation_id AS "evaluationId" FROM findings WHERE id = $1`, [findingId]))?.evaluationId ?? null;
}
