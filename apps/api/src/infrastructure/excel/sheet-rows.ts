import type { Readable } from 'node:stream';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import type { Worksheet } from 'exceljs';
import type { FieldIssue } from '@evalflow/domain';

/*
 * Rows per sheet, bounded. A framework or a department's budget workbook is a few hundred rows; 5000 leaves room for
 * the largest real one (a bureau's whole-department framework is about 120 nodes, a department's project list a few
 * hundred) while keeping exceljs's model of a sheet to a few tens of MB. A sheet over the limit is refused with its
 * name and the limit, before exceljs builds it (scanSheetRows on the raw XML) and again in the readers
 * (lastRowWithin), which read a row range computed once per sheet.
 */
export const MAX_SHEET_ROWS = 5000;

export interface SheetRows {
  /** The sheet's name as the user sees it on its tab (the part name when workbook.xml does not name it). */
  readonly sheet: string;
  /** The number of its last row (what Excel shows at the left), 0 when empty. */
  readonly lastRow: number;
}

/** `工作表“项目”有 100001 行，超过上限 5000 行` */
export function tooManyRowsMessage(sheet: string, rows: number, limit: number): string {
  return `工作表“${sheet}”有 ${rows} 行，超过上限 ${limit} 行，请删除多余的行或分成几个工作簿导入`;
}

export function tooManyRowsIssue(sheet: string, rows: number, limit: number): FieldIssue {
  return { path: sheet, message: tooManyRowsMessage(sheet, rows, limit) };
}

/**
 * The last row a reader has to look at, computed once (exceljs's rowCount is the last row present; actualRowCount
 * walks every row, which in a loop condition made a 100,000-row import quadratic), or the issue when the sheet has
 * more rows than the limit.
 */
export function lastRowWithin(sheet: Pick<Worksheet, 'name' | 'rowCount'>, limit = MAX_SHEET_ROWS): { lastRow: number } | { issue: FieldIssue } {
  const lastRow = sheet.rowCount;
  return lastRow > limit ? { issue: tooManyRowsIssue(sheet.name, lastRow, limit) } : { lastRow };
}

/** The first sheet over the limit, or null. */
export function firstSheetOverLimit(sheets: readonly SheetRows[], limit = MAX_SHEET_ROWS): SheetRows | null {
  return sheets.find((s) => s.lastRow > limit) ?? null;
}

/*
 * The raw-XML scan: row elements counted as the worksheet parts stream out of the zip, keeping nothing but the last row
 * number (so a sheet of any length costs one pass and a few KB), before anything is parsed into objects.
 */

/** exceljs loads every entry whose name matches this (unanchored, as in its xlsx.js) as a worksheet; we scan those. */
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
/** `<row …>` or `<x:row …/>`, not `<rowBreaks>`: the tag's attributes in group 1. */
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>/g;
const ROW_NUMBER = /(?:^|\s)r\s*=\s*["'](\d+)["']/;
/** A tag longer than this is not a row tag a writer produces; we do not carry it across chunks (which could be slow). */
const MAX_CARRIED_TAG = 64 * 1024;

/** Counts rows over a worksheet's XML fed in arbitrary chunks (a tag may be split between two). */
export class RowCounter {
  private carried = '';
  private current = 0;
  private highest = 0;

  /** The last row number seen: a row's `r`, or the previous row + 1 when a writer omits it. */
  get lastRow(): number {
    return this.highest;
  }

  push(chunk: Buffer | string): void {
    // latin1 maps bytes 1:1, so a UTF-8 character split between chunks cannot shift anything; tags are ASCII.
    const text = this.carried + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    const open = text.lastIndexOf('<');
    const cut = open >= 0 && text.indexOf('>', open) === -1 ? open : text.length;
    this.scan(text.slice(0, cut));
    const rest = text.slice(cut);
    this.carried = rest.length > MAX_CARRIED_TAG ? '' : rest;
  }

  private scan(text: string): void {
    for (const match of text.matchAll(ROW_TAG)) {
      const number = ROW_NUMBER.exec(match[1])?.[1];
      this.current = number === undefined ? this.current + 1 : Number(number);
      if (this.current > this.highest) this.highest = this.current;
    }
  }
}

/** Every worksheet part's last row, named by its tab. Rejects when the bytes are not a readable zip. */
export async function scanSheetRows(buffer: Buffer): Promise<SheetRows[]> {
  const zip = await fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  const byName = new Map(entries.map((entry) => [entry.fileName.replace(/^\//, ''), entry]));
  const names = await sheetNamesByPart(zip, byName);
  const result: SheetRows[] = [];
  for (const [part, entry] of byName) {
    if (!WORKSHEET_PART.test(part)) continue;
    const counter = new RowCounter();
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as Readable) counter.push(chunk as Buffer);
    result.push({ sheet: names.get(part) ?? part, lastRow: counter.lastRow });
  }
  return result;
}

/** Part name (xl/worksheets/sheet2.xml) → tab name (项目), from xl/workbook.xml and its relationships. */
async function sheetNamesByPart(zip: ZipFile, entries: Map<string, Entry>): Promise<Map<string, string>> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return new Map();
  return sheetNamesFromXml(await entryText(zip, workbook), await entryText(zip, rels));
}

export function sheetNamesFromXml(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attributes = xmlAttributes(match[1]);
    if (attributes.Id && attributes.Target) targets.set(attributes.Id, partPath(attributes.Target));
  }
  const names = new Map<string, string>();
  for (const match of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const attributes = xmlAttributes(match[1]);
    // The relationship id is `r:id` (any prefix bound to the relationships namespace).
    const id = Object.entries(attributes).find(([key]) => /^[\w.-]+:id$/.test(key))?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (part && attributes.name !== undefined) names.set(part, attributes.name);
  }
  return names;
}

/** A relationship target relative to xl/ (or absolute from the package root) as a zip entry name. */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function xmlAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[match[1]] = decodeXml(match[2] ?? match[3] ?? '');
  return attributes;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity as 'amp'];
  });
}

async function entryText(zip: ZipFile, entry: Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await zip.openReadStreamPromise(entry)) as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
