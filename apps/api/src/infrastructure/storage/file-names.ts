/*
 * The names files are kept and downloaded under. A name comes from the sender and is only ever shown and sent back
 * in Content-Disposition (the bytes are stored under their hash), but it must still be safe on every desktop a clerk
 * saves it to: no path, no control or direction-changing characters, no Windows device name, no trailing dot or
 * space, at most MAX_FILE_NAME_LENGTH characters. What can be repaired without changing what the name says is
 * repaired (trailing dots, characters Windows refuses, length); what cannot is refused.
 */

export const MAX_FILE_NAME_LENGTH = 200;

export type FileNameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** C0/C1 controls, and the bidirectional overrides that make "文件‮fdp.exe" read as "文件exe.pdf". */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Refused by Windows in a file name: replaced. */
const WINDOWS_INVALID = /[<>:"|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export function checkFileName(raw: string): FileNameCheck {
  const name = raw.normalize('NFC');
  if (UNSAFE_CHARACTERS.test(name)) return { ok: false, reason: '文件名含有控制字符或不可见的方向字符' };
  const parts = name.split(/[/\\]/);
  if (parts.some((part) => part.trim() === '..')) return { ok: false, reason: '文件名不能包含路径（如“../”）' };
  // A browser may send the whole path it read the file from (C:\Users\…\报告.pdf): only the last part is the name.
  let base = parts[parts.length - 1];
  base = base.replace(WINDOWS_INVALID, '_').trim().replace(/[. ]+$/, '');
  if (!base || /^\.+$/.test(base)) return { ok: false, reason: '文件名为空' };
  const stem = base.split('.')[0].trim();
  if (RESERVED.test(stem)) return { ok: false, reason: `“${stem}”是 Windows 的保留名称，不能作为文件名` };
  return { ok: true, name: truncate(base) };
}

/** Over-long names lose characters before the extension, never the extension. */
function truncate(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? [...name.slice(dot)] : [];
  const stem = chars.slice(0, chars.length - extension.length);
  return [...stem.slice(0, MAX_FILE_NAME_LENGTH - extension.length), ...extension].join('').trim();
}

/** The extension, lower-case without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Content-Disposition for a download: always `attachment` (never rendered in the page), an ASCII fallback for old
 * clients and the real name in RFC 5987 form (filename*=UTF-8''…).
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
