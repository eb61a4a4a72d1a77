import { likeContains, likeOperator } from './search';

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

describe('likeOperator', () => {
  it.each([
    ['Chinese characters', '办公厅', 'LIKE'],
    ['Chinese with digits, spaces and punctuation', '2025年 绩效（评价）、办公-1', 'LIKE'],
    ['a reference with Latin letters', 'PE-2025-00005', 'ILIKE'],
    ['Chinese with one Latin letter', '办公A', 'ILIKE'],
    ['a cased letter beyond ASCII', 'Ölbehälter', 'ILIKE'],
    ['fullwidth Latin letters', 'ＰＥ', 'ILIKE'],
  ])('%s', (_label, input, expected) => {
    expect(likeOperator(input)).toBe(expected);
  });
});
