import { isApiPath } from './api-path';

describe('isApiPath', () => {
  it.each([
    ['/api', true],
    ['/api/health', true],
    ['/API/health', true],
    ['/Api/Evaluations', true],
    ['/apiary', false],
    ['/evaluations/1', false],
    ['/', false],
  ])('%s → %s', (path, expected) => {
    expect(isApiPath(path)).toBe(expected);
  });
});
