import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { contentKey, type FileStore } from './file-store';

export interface S3Settings {
  url: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/**
 * Files in an S3-compatible store (MinIO, Ceph, a cloud's object storage): `files/ab/cd/<sha256>`, quarantined ones
 * under `quarantine/`. The upload is streamed from the finished temp file with its length, so nothing is buffered.
 * Checksums are sent only where the service requires them: the SDK's default (a streamed trailer checksum in
 * aws-chunked encoding) is not understood by every S3-compatible server.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.url,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  static key(sha256: string): string {
    return `files/${contentKey(sha256)}`;
  }

  async init(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async has(sha256: string): Promise<boolean> {
    return this.exists(S3FileStore.key(sha256));
  }

  async put(sha256: string, tempFilePath: string, size: number, mediaType: string): Promise<void> {
    await this.upload(S3FileStore.key(sha256), tempFilePath, size, mediaType);
  }

  async openRead(sha256: string): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: S3FileStore.key(sha256) }));
    return answer.Body as Readable;
  }

  async quarantine(sha256: string, tempFilePath: string, size: number): Promise<void> {
    await this.upload(`quarantine/${contentKey(sha256)}`, tempFilePath, size, 'application/octet-stream');
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  private async upload(key: string, tempFilePath: string, size: number, mediaType: string): Promise<void> {
    try {
      if (!(await this.exists(key))) {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(tempFilePath), ContentLength: size, ContentType: mediaType }));
      }
    } finally {
      await unlink(tempFilePath).catch(() => undefined);
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
