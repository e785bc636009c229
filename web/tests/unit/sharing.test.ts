import { describe, expect, it } from 'vitest';
import {
  feedbackTestId,
  formatLatency,
  indicatorIndexOf,
  parseIndicatorLines,
  perMilleToPercent,
  sightingWhereText,
  tlpColor,
  tlpLabel,
} from '@/features/sharing/format';

describe('TLP 2.0', () => {
  it('colours each level on black', () => {
    expect(tlpColor('red')).toEqual({ color: '#FF2B2B', background: '#000000' });
    expect(tlpColor('amber').color).toBe('#FFC000');
    expect(tlpColor('amber+strict').color).toBe('#FFC000');
    expect(tlpColor('green').color).toBe('#33FF00');
    expect(tlpColor('clear').color).toBe('#FFFFFF');
    expect(tlpColor('AMBER').color).toBe('#FFC000');
  });
  it('writes the label in capitals', () => {
    expect(tlpLabel('amber+strict')).toBe('TLP:AMBER+STRICT');
    expect(tlpLabel('clear')).toBe('TLP:CLEAR');
  });
});

describe('numbers', () => {
  it('turns per mille into percent', () => {
    expect(perMilleToPercent(0)).toBe('0.0%');
    expect(perMilleToPercent(375)).toBe('37.5%');
    expect(perMilleToPercent(1000)).toBe('100.0%');
    expect(perMilleToPercent(undefined)).toBe('—');
    expect(perMilleToPercent(NaN)).toBe('—');
  });
  it('formats latencies', () => {
    expect(formatLatency(42)).toBe('42 s');
    expect(formatLatency(150)).toBe('2 min 30 s');
    expect(formatLatency(7200)).toBe('2 h 0 min');
    expect(formatLatency(90000)).toBe('1 d 1 h');
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(-1)).toBe('—');
  });
});

describe('indicators input', () => {
  it('splits lines, trims and drops blanks and duplicates', () => {
    expect(parseIndicatorLines(' 203.0.113.5 \r\n\nevil.com\n203.0.113.5\n')).toEqual(['203.0.113.5', 'evil.com']);
    expect(parseIndicatorLines('')).toEqual([]);
  });
  it('maps field errors to lines', () => {
    expect(indicatorIndexOf('indicators[2]')).toBe(2);
    expect(indicatorIndexOf('added[0].value')).toBe(0);
    expect(indicatorIndexOf('tlp')).toBe(-1);
  });
  it('makes selector-friendly test ids', () => {
    expect(feedbackTestId('US:12:3')).toBe('feedback-US_12_3');
  });
});

describe('sightingWhereText', () => {
  it("says a sweep's default label again in Chinese", () => {
    expect(sightingWhereText('text log of 2026-12-05', 'zh-CN')).toBe('文本日志，2026-12-05');
    expect(sightingWhereText('CSV, JSON lines (gzip) logs of 2026-12-01 to 2026-12-05', 'zh-CN')).toBe(
      'CSV、JSON 行（gzip 压缩）日志，2026-12-01 至 2026-12-05',
    );
    expect(sightingWhereText('text log', 'zh-CN')).toBe('文本日志');
  });
  it('keeps English as it is, and a label a person wrote as written', () => {
    expect(sightingWhereText('text log of 2026-12-05', 'en')).toBe('text log of 2026-12-05');
    expect(sightingWhereText('edge proxy, Shanghai DC', 'zh-CN')).toBe('edge proxy, Shanghai DC');
    expect(sightingWhereText('firewall log of 2026-12-05', 'zh-CN')).toBe('firewall log of 2026-12-05');
  });
});
