import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EICAR, startFakeClamd } from '../../../../../tests/support/fake-clamd';
import { ClamdScanner, parseAnswer } from './virus-scanner';

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
