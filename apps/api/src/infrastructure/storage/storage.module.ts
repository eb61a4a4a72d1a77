import path from 'node:path';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { FILE_STORE, type FileStore } from './file-store';
import { FileSniffer } from './file-sniffer';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';
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

/** Prepares the store (folders, the bucket, abandoned temp files removed) at start, and stops the sniffing worker at shutdown. */
@Injectable()
class StorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
    private readonly sniffer: FileSniffer,
  ) {}

  async onModuleInit(): Promise<void> {
    await new LocalFileStore(path.dirname(this.settings.tempDir)).init();
    // Uploads cut short by a process that died (issue 15 §3: SIGKILL mid-upload) leave no temp file behind.
    await removeAbandonedTempFiles(this.settings.tempDir);
    await this.store.init();
  }

  async onApplicationShutdown(): Promise<void> {
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
