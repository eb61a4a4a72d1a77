import { redactAddresses } from './redact';
import { messageIdOf } from './send-mail.processor';

describe('redactAddresses', () => {
  it.each([
    ['Can\'t send mail - all recipients were rejected: 550 5.1.1 <zhang.san@czj.changsha.gov.cn>: Recipient address rejected', "Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: Recipient address rejected"],
    ['451 temporary failure for a@b.cn, c.d@e.org', '451 temporary failure for [address], [address]'],
    ['connect ECONNREFUSED 127.0.0.1:2525', 'connect ECONNREFUSED 127.0.0.1:2525'],
  ])('%s', (input, expected) => {
    expect(redactAddresses(input)).toBe(expected);
  });
});

describe('messageIdOf', () => {
  it('derives a stable, header-safe Message-ID from the job id', () => {
    expect(messageIdOf('notify|42|7f1c0b9e-1d7e-4f7a-9c39-5a1e0b5a6f11')).toBe('<notify.42.7f1c0b9e-1d7e-4f7a-9c39-5a1e0b5a6f11@evalflow.local>');
    expect(messageIdOf('a|b')).toBe(messageIdOf('a|b'));
  });
});
