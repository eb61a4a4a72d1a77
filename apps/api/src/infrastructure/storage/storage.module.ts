import path from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { FILE_STORE, type FileStore } from './file-store';
import { FileSniffer } from './file-sniffer';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';
import { sweepUnreferencedFiles } from './stored-file-sweep';
import { removeAbandonedTempFiles } from './temp-files';
import { ClamdScanner, NoVirusScanner, VIRUS_SCANNER } from './virus-scanner';

const MB = 1024 * 1024;

/** The limits and folders uploads run with (docs/materials.md). */
export interface StorageSettings {
  readonly tempDir: string;
  readonly maxFileBytes: number;
  readonly maxEvaluationBytes: number;
  readonly maxFilesPerUpload: number;
}

export const STORAGE_SETTINGS = Symbol('STORAGE_SETTINGS');

/** The data folder's `files` (local store, and the temp files of uploads in progress for either store). */
export function filesRoot(config: Pick<AppConfig, 'EVALFLOW_DATA_DIR'>): string {
  return path.join(path.resolve(config.EVALFLOW_DATA_DIR), 'files');
}

export function fileStoreFor(config: AppConfig): FileStore {
  if (!config.S3_URL) return new LocalFileStore(filesRoot(config));
  return new S3FileStore({
    url: config.S3_URL,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}

/** How often a process sweeps unreferenced content (and once, in the background, after it starts). */
const SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Prepares the store (folders, the bucket, abandoned temp files removed) at start, sweeps unreferenced content in
 * the background while the process runs, and stops the sniffing worker at shutdown.
 */
@Injectable()
class StorageLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private closed = false;

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
    private readonly sniffer: FileSniffer,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await new LocalFileStore(path.dirname(this.settings.tempDir)).init();
    // Uploads cut short by a process that died (issue 15 §3: SIGKILL mid-upload) leave no temp file behind.
    await removeAbandonedTempFiles(this.settings.tempDir);
    await this.store.init();
  }

  onApplicationBootstrap(): void {
    // Several processes may sweep at once: each removal is of content nothing names, so doing it twice is harmless.
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
    setImmediate(() => this.sweep());
  }

  /** One sweep at a time per process; a failure is logged and the next interval tries again. */
  sweep(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.sweeping ??= sweepUnreferencedFiles(this.store, this.db)
      .then((result) => {
        if (result.removed > 0) this.logger.log(`removed ${result.removed} unreferenced stored files (of ${result.examined})`);
      })
      .catch((error: Error) => this.logger.warn(`sweep of unreferenced stored files failed: ${error.message}`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
    await this.sniffer.close();
  }
}

/** File storage for attachments: the store (local or S3), the virus scanner, the type sniffer. */
@Global()
@Module({
  providers: [
    { provide: FILE_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => fileStoreFor(config) },
    { provide: VIRUS_SCANNER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.CLAMAV_URL ? new ClamdScanner(config.CLAMAV_URL) : new NoVirusScanner()) },
    {
      provide: STORAGE_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): StorageSettings => ({
        tempDir: path.join(filesRoot(config), 'tmp'),
        maxFileBytes: Math.round(config.UPLOAD_MAX_FILE_MB * MB),
        maxEvaluationBytes: Math.round(config.EVALUATION_STORAGE_MAX_MB * MB),
        maxFilesPerUpload: 20,
      }),
    },
    { provide: FileSniffer, useFactory: () => new FileSniffer() },
    StorageLifecycle,
  ],
  exports: [FILE_STORE, VIRUS_SCANNER, STORAGE_SETTINGS, FileSniffer],
})
export class StorageModule {}
