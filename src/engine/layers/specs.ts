/** Param specs shared by several layer kinds. */
import { ACTIVATIONS, type ActivationFn, type ParamSpec, type Params } from '../types.js';

export const activationSpec: ParamSpec = {
  name: 'activation',
  label: 'Activation',
  type: 'enum',
  options: ACTIVATIONS,
  default: 'linear',
};

export const paddingSpec: ParamSpec = {
  name: 'padding',
  label: 'Padding',
  type: 'padding',
  default: 'valid',
  help:
    '"valid": no padding; "same": output = ⌈input / stride⌉ with any odd pixel padded at the end; ' +
    'a number: that many zero pixels on every side',
};

export const useBiasSpec: ParamSpec = { name: 'useBias', label: 'Use bias', type: 'bool', default: true };

/** A layer's activation function: its `activation` param, or an activation layer's `fn`; linear when absent. */
export function activationOf(p: Params, param: 'activation' | 'fn' = 'activation'): ActivationFn {
  return (p[param] as ActivationFn | undefined) ?? 'linear';
}

/** ", relu" for a non-linear activation, "" for linear. */
export function activationSuffix(p: Params): string {
  const a = activationOf(p);
  return a === 'linear' ? '' : `, ${a}`;
}
