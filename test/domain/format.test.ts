import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatIct,
  formatNumber,
  formatPercent,
  roundHalfUp,
} from '#domain/format.ts';

describe('numbers and dates as people read them', () => {
  it.each([
    [92.175, 2, 92.18],
    [92.174, 2, 92.17],
    [1.005, 2, 1.01],
    [89.995, 2, 90],
    [-2.5, 0, -3],
    [28.55, 1, 28.6],
  ])('%d rounds half up to %d decimals: %d', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });

  it('writes a decimal comma in Vietnamese and a point in English', () => {
    expect(formatPercent(92.175, 'vi')).toBe('92,18%');
    expect(formatPercent(92.175, 'en')).toBe('92.18%');
    expect(formatNumber(90, 'vi', { minDecimals: 2 })).toBe('90,00');
    expect(formatNumber(28.6, 'vi')).toBe('28,6');
    expect(formatNumber(3, 'vi')).toBe('3');
  });

  it('names file sizes with one decimal at most', () => {
    expect(formatBytes(30_000_000, 'vi')).toBe('28,6 MB');
    expect(formatBytes(30_000_000, 'en')).toBe('28.6 MB');
    expect(formatBytes(25 * 1024 * 1024, 'vi')).toBe('25 MB');
    expect(formatBytes(1536, 'vi')).toBe('1,5 KB');
    expect(formatBytes(300, 'vi')).toBe('300 B');
  });

  it('writes days as dd/mm/yyyy, an instant as its day in Vietnam', () => {
    expect(formatDate('2025-12-30')).toBe('30/12/2025');
    expect(formatDate('2025-12-29T17:00:00.000Z')).toBe('30/12/2025');
    expect(formatIct('2025-12-29T17:00:00.000Z', 'vi')).toBe('00:00 ngày 30/12/2025 (giờ Việt Nam)');
  });
});
