import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ReportModel } from '@evalflow/domain';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { FILE_STORE, type FileStore } from '../../infrastructure/storage/file-store';
import { STORAGE_SETTINGS, type StorageSettings } from '../../infrastructure/storage/storage.module';
import { storeMadeBytes } from '../../infrastructure/storage/store-bytes';
import { ReportDocumentsRepository } from './report-documents.repository';
import { reportHtml } from './report-html';

const PDF_MEDIA_TYPE = 'application/pdf';
/** A conversion that takes longer is killed (a stuck office process must not hold the render queue). */
export const PDF_TIME_LIMIT_MS = 120_000;

export type PdfEngine = 'libreoffice' | 'chromium';

/** The first of `names` that is an executable on PATH (or an absolute path that is one). */
async function onPath(names: readonly string[]): Promise<string | null> {
  for (const name of names) {
    const candidates = path.isAbsolute(name) ? [name] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
    for (const candidate of candidates) {
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return null;
}

function run(file: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, timeout: PDF_TIME_LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, env: { ...process.env, HOME: cwd } }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)}: ${error.killed ? `no result within ${PDF_TIME_LIMIT_MS / 1000} s` : error.message} ${String(stderr).slice(0, 500)}`));
      else resolve();
    });
  });
}

/**
 * The PDF of a final report (issue 12 §3), made in its render job in a child process with a time limit: LibreOffice
 * headless from the .docx when `soffice` is on PATH (looked up at run time; the README says how to install it),
 * otherwise Chromium printing the HTML rendering of the same report model (report-html.ts) with the machine's CJK
 * fonts embedded. Stored through the FileStore under its sha256; `pdf_sha256` on the document row; the public sees it.
 */
@Injectable()
export class ReportPdfService {
  private readonly logger = new Logger('ReportPdf');

  constructor(
    private readonly documents: ReportDocumentsRepository,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'REPORT_PDF'>,
  ) {}

  /** Which engine this machine has now (LibreOffice first). */
  async engine(): Promise<{ engine: PdfEngine; path: string } | null> {
    const soffice = await onPath(['soffice', 'libreoffice']);
    if (soffice) return { engine: 'libreoffice', path: soffice };
    const chromium = await onPath([process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome']);
    return chromium ? { engine: 'chromium', path: chromium } : null;
  }

  /** The PDF bytes of a report, by the engine this machine has. */
  async convert(docx: Buffer, model: ReportModel, reportNumber: string | null): Promise<{ bytes: Buffer; engine: PdfEngine }> {
    const found = await this.engine();
    if (!found) throw new Error('neither LibreOffice (soffice) nor Chromium is installed');
    const dir = path.join(os.tmpdir(), `evalflow-pdf-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    try {
      if (found.engine === 'libreoffice') {
        await writeFile(path.join(dir, 'report.docx'), docx);
        // Its own profile per conversion: two conversions at once never share (and lock) one.
        await run(found.path, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'report.docx')], dir);
        const pdf = (await readdir(dir)).find((name) => name.endsWith('.pdf'));
        if (!pdf) throw new Error('LibreOffice wrote no PDF');
        return { bytes: await readFile(path.join(dir, pdf)), engine: 'libreoffice' };
      }
      await writeFile(path.join(dir, 'report.html'), reportHtml(model, reportNumber), 'utf8');
      const out = path.join(dir, 'report.pdf');
      await run(
        found.path,
        ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${path.join(dir, 'profile')}`, `--print-to-pdf=${out}`, `file://${path.join(dir, 'report.html')}`],
        dir,
      );
      return { bytes: await readFile(out), engine: 'chromium' };
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /**
   * Makes and stores the PDF of a final document whose .docx was just made. A failure is logged and leaves the
   * document without a PDF (its .docx stays ready): the public page says the PDF is not there yet.
   */
  async attach(document: { id: string; model: ReportModel; reportNumber: string | null }, docx: Buffer): Promise<string | null> {
    if (this.config.REPORT_PDF === 'off') return null;
    try {
      const { bytes, engine } = await this.convert(docx, document.model, document.reportNumber);
      const sha256 = await storeMadeBytes(this.store, this.settings.tempDir, bytes, PDF_MEDIA_TYPE);
      await this.documents.recordStoredFile(this.documents.db, sha256, bytes.length, PDF_MEDIA_TYPE);
      await this.documents.setPdf(this.documents.db, document.id, sha256);
      this.logger.log(`report document ${document.id}: PDF by ${engine}, ${bytes.length} bytes`);
      return sha256;
    } catch (error) {
      this.logger.warn(`report document ${document.id}: no PDF (${(error as Error).message})`);
      return null;
    }
  }
}
