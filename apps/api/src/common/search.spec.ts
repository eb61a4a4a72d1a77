import { likeContains } from './search';

describe('likeContains', () => {
  it.each([
    ['plain text', '办公厅', '%办公厅%'],
    ['a percent sign is literal', '%', '%\\%%'],
    ['an underscore is literal', 'a_b', '%a\\_b%'],
    ['a backslash is literal', 'a\\b', '%a\\\\b%'],
    ['all three', '\\%_', '%\\\\\\%\\_%'],
  ])('%s', (_label, input, expected) => {
    expect(likeContains(input)).toBe(expected);
  });
});
