import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { contentKey, type FileStore, type StoredObject } from './file-store';

const SERVED_KEY = /^files\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

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
    // Written even when the object exists: the same bytes again, and a renewed LastModified for the sweep.
    await this.upload(S3FileStore.key(sha256), tempFilePath, size, mediaType, { overwrite: true });
  }

  async openRead(sha256: string): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: S3FileStore.key(sha256) }));
    return answer.Body as Readable;
  }

  async quarantine(sha256: string, tempFilePath: string, size: number): Promise<void> {
    await this.upload(`quarantine/${contentKey(sha256)}`, tempFilePath, size, 'application/octet-stream');
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'files/', ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const match = SERVED_KEY.exec(object.Key ?? '');
        if (match && object.LastModified) yield { sha256: match[1], modifiedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async modifiedAt(sha256: string): Promise<Date | null> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: S3FileStore.key(sha256) }))).LastModified ?? null;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: S3FileStore.key(sha256) }));
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

  private async upload(key: string, tempFilePath: string, size: number, mediaType: string, options: { overwrite?: boolean } = {}): Promise<void> {
    try {
      if (options.overwrite || !(await this.exists(key))) {
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
