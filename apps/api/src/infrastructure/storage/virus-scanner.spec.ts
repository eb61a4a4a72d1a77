import { parseAnswer } from './virus-scanner';

// The adapter itself (ClamdScanner) is run against a fake clamd in tests/integration/storage.test.ts.

describe('parseAnswer', () => {
  it.each([
    ['stream: OK', { status: 'clean' }],
    ['stream: Win.Test.EICAR_HDB-1 FOUND', { status: 'infected', signature: 'Win.Test.EICAR_HDB-1' }],
  ])('%j', (line, result) => expect(parseAnswer(line)).toEqual(result));
  it('throws on an error answer', () => expect(() => parseAnswer('INSTREAM size limit exceeded. ERROR')).toThrow('clamd answered'));
});
