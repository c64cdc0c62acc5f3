/** Checks one param value against its spec; the message completes "<path> …" in words a user can act on. */
import type { ParamSpec, ParamValue } from './types.js';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function intRule(min: number, max?: number): string {
  const base =
    min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
  return max === undefined ? base : `${base} no larger than ${max}`;
}

function checkInt(v: unknown, min: number, max?: number): string | null {
  if (!isInt(v) || v < min || (max !== undefined && v > max)) return `must be ${intRule(min, max)}`;
  return null;
}

export function validateParam(spec: ParamSpec, v: ParamValue | undefined): string | null {
  if (v === undefined || v === null) {
    if (spec.optional || spec.default !== undefined) return null;
    return 'is required';
  }
  switch (spec.type) {
    case 'int':
      return checkInt(v, spec.min, spec.max);
    case 'size2':
      if (Array.isArray(v)) {
        if (v.length !== 2 || checkInt(v[0], spec.min, spec.max) || checkInt(v[1], spec.min, spec.max)) {
          return `must be ${intRule(spec.min, spec.max)} or a pair [height, width] of them`;
        }
        return null;
      }
      return checkInt(v, spec.min, spec.max)
        ? `must be ${intRule(spec.min, spec.max)} or a pair [height, width] of them`
        : null;
    case 'padding':
      if (v === 'valid' || v === 'same' || (isInt(v) && v >= 0 && v <= 64)) return null;
      return 'must be "valid", "same" or a non-negative integer (pixels on each side)';
    case 'enum':
      return typeof v === 'string' && spec.options.includes(v)
        ? null
        : `must be one of ${spec.options.map((o) => `"${o}"`).join(', ')}`;
    case 'bool':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      const lowOk = spec.minExclusive ? v > spec.min : v >= spec.min;
      const highOk = spec.max === undefined || (spec.maxExclusive ? v < spec.max : v <= spec.max);
      if (lowOk && highOk) return null;
      const low = `${spec.minExclusive ? 'greater than' : 'at least'} ${spec.min}`;
      const high = spec.max === undefined ? '' : ` and ${spec.maxExclusive ? 'less than' : 'at most'} ${spec.max}`;
      return `must be ${low}${high}`;
    }
  }
}
