import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';

/*
 * The virus-scan hook. With CLAMAV_URL (tcp://host:3310) every new content is sent to clamd with its INSTREAM
 * command before it is stored; without it files are recorded as not scanned. The clamd protocol is small (a
 * command, length-prefixed chunks, a zero-length end, one answer line), so the adapter is written here rather than
 * taken from the `clamscan` package, which mostly wraps the clamscan binaries and local sockets and would add a
 * dependency for the ~60 lines below.
 */

export type ScanResult = { status: 'not_scanned' } | { status: 'clean' } | { status: 'infected'; signature: string };

export interface VirusScanner {
  readonly enabled: boolean;
  /** Scans the file at `filePath`; rejects when the scanner cannot be reached (the upload is then refused, 503). */
  scan(filePath: string): Promise<ScanResult>;
}

export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

export class NoVirusScanner implements VirusScanner {
  readonly enabled = false;
  async scan(): Promise<ScanResult> {
    return { status: 'not_scanned' };
  }
}

const CHUNK_BYTES = 64 * 1024;

export class ClamdScanner implements VirusScanner {
  readonly enabled = true;
  private readonly host: string;
  private readonly port: number;

  constructor(
    url: string,
    private readonly timeoutMs = 60_000,
  ) {
    const parsed = new URL(url);
    this.host = parsed.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(parsed.port || 3310);
  }

  scan(filePath: string): Promise<ScanResult> {
    return new Promise<ScanResult>((resolve, reject) => {
      let answer = '';
      let settled = false;
      const socket: Socket = connect({ host: this.host, port: this.port });
      const finish = (error: Error | null, result?: ScanResult) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(result!);
      };
      socket.setTimeout(this.timeoutMs, () => finish(new Error('clamd did not answer in time')));
      socket.on('error', (error) => finish(error));
      socket.on('data', (chunk) => {
        answer += chunk.toString('utf8');
        if (answer.includes('\0')) finish(null, parseAnswer(answer.slice(0, answer.indexOf('\0'))));
      });
      socket.on('end', () => finish(answer ? null : new Error('clamd closed the connection without an answer'), answer ? parseAnswer(answer.replace(/\0.*$/s, '')) : undefined));
      socket.once('connect', () => {
        socket.write('zINSTREAM\0');
        const file = createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
        file.on('error', (error) => finish(error));
        file.on('data', (data) => {
          const chunk = data as Buffer;
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          if (!socket.write(Buffer.concat([length, chunk]))) {
            file.pause();
            socket.once('drain', () => file.resume());
          }
        });
        file.on('end', () => socket.write(Buffer.alloc(4)));
      });
    });
  }
}

/** "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR". */
export function parseAnswer(line: string): ScanResult {
  const text = line.trim();
  const found = /^(?:stream|[^:]*):\s*(.+)\s+FOUND$/.exec(text);
  if (found) return { status: 'infected', signature: found[1].slice(0, 200) };
  if (/:\s*OK$/.test(text)) return { status: 'clean' };
  throw new Error(`clamd answered: ${text.slice(0, 200)}`);
}
