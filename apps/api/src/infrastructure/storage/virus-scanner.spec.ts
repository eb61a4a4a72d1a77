import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClamdScanner, parseAnswer } from './virus-scanner';

/** The EICAR test string every scanner recognises (harmless by design). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * A tiny clamd: speaks INSTREAM (zINSTREAM\0, then <uint32 length><bytes> chunks, a zero length to end) and
 * answers `stream: Eicar-Signature FOUND` when the bytes contain the EICAR string, `stream: OK` otherwise.
 */
export function startFakeClamd(): Promise<{ server: Server; url: string; received: Buffer[] }> {
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    const data: Buffer[] = [];
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        if (buffer.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        commandRead = true;
        buffer = buffer.subarray(end + 1);
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          const bytes = Buffer.concat(data);
          received.push(bytes);
          return void socket.end(bytes.includes(EICAR) ? 'stream: Eicar-Signature FOUND\0' : 'stream: OK\0');
        }
        if (buffer.length < 4 + length) return;
        data.push(buffer.subarray(4, 4 + length));
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

describe('ClamdScanner against a fake clamd', () => {
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'evalflow-scan-'));
  beforeAll(async () => {
    clamd = await startFakeClamd();
  });
  afterAll(() => new Promise<void>((resolve) => clamd.server.close(() => resolve())));

  it('answers clean for ordinary bytes, sent whole in chunks', async () => {
    const file = path.join(dir, 'clean.bin');
    const bytes = Buffer.alloc(200_000, 7);
    writeFileSync(file, bytes);
    await expect(new ClamdScanner(clamd.url).scan(file)).resolves.toEqual({ status: 'clean' });
    expect(clamd.received.at(-1)!.equals(bytes)).toBe(true);
  });

  it('answers infected with the signature for the EICAR string', async () => {
    const file = path.join(dir, 'eicar.txt');
    writeFileSync(file, EICAR);
    await expect(new ClamdScanner(clamd.url).scan(file)).resolves.toEqual({ status: 'infected', signature: 'Eicar-Signature' });
  });

  it('rejects when clamd cannot be reached', async () => {
    const file = path.join(dir, 'clean.bin');
    await expect(new ClamdScanner('tcp://127.0.0.1:1').scan(file)).rejects.toThrow();
  });
});

describe('parseAnswer', () => {
  it.each([
    ['stream: OK', { status: 'clean' }],
    ['stream: Win.Test.EICAR_HDB-1 FOUND', { status: 'infected', signature: 'Win.Test.EICAR_HDB-1' }],
  ])('%j', (line, result) => expect(parseAnswer(line)).toEqual(result));
  it('throws on an error answer', () => expect(() => parseAnswer('INSTREAM size limit exceeded. ERROR')).toThrow('clamd answered'));
});
