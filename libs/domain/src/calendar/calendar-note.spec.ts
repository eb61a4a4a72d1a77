import { holidayCalendarNote } from './calendar-note';

describe('holidayCalendarNote', () => {
  it('says nothing when every date is covered', () => {
    expect(holidayCalendarNote(['2026-10-10', null, undefined, '2025-01-02'])).toBeNull();
  });

  it('names each uncovered year once, however many dates fall in it', () => {
    expect(holidayCalendarNote(['2027-03-31', '2027-10-08', '2026-06-30'])).toBe('2027年法定节假日安排尚未公布，暂按周一至周五计算工作日');
    expect(holidayCalendarNote(['2028-01-05', '2027-03-31'])).toBe('2027年、2028年法定节假日安排尚未公布，暂按周一至周五计算工作日');
  });
});
