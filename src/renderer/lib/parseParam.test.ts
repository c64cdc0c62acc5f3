import { describe, expect, it } from 'vitest';
import { getLayer } from '../../engine/registry.ts';
import { formatParam, parseParam } from './parseParam.ts';

const spec = (kind: string, name: string) => getLayer(kind)!.params.find((p) => p.name === name)!;

describe('parseParam', () => {
  it('reads sizes as one number or height×width', () => {
    const k = spec('conv2d', 'kernelSize');
    expect(parseParam(k, '5')).toEqual({ ok: true, value: 5 });
    expect(parseParam(k, '3×5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseParam(k, '3x5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseParam(k, '4, 4')).toEqual({ ok: true, value: 4 });
    expect(parseParam(k, 'big').ok).toBe(false);
  });

  it('reads padding words and pixels, and empty optional params as null', () => {
    const p = spec('conv2d', 'padding');
    expect(parseParam(p, 'same')).toEqual({ ok: true, value: 'same' });
    expect(parseParam(p, '2')).toEqual({ ok: true, value: 2 });
    expect(parseParam(spec('maxPool2d', 'stride'), '')).toEqual({ ok: true, value: null });
    expect(parseParam(spec('conv2d', 'filters'), '')).toEqual({ ok: false, error: 'required' });
  });

  it('formats values back', () => {
    expect(formatParam([3, 5])).toBe('3×5');
    expect(formatParam(null)).toBe('');
    expect(formatParam('same')).toBe('same');
  });
});
