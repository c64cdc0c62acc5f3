/** Param specs shared by several layer kinds. */
import { msg, type Message } from '../messages.js';
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

/** A summary's activation part: [relu] for a non-linear activation, nothing for linear. */
export function activationPart(p: Params): Message[] {
  const a = activationOf(p);
  return a === 'linear' ? [] : [msg('summary.activation', { fn: a })];
}
