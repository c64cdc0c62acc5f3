/** Teaching math for the playground, stride, pooling and receptive-field views, and the `convolve` CLI. */
export * from './convolve.js';
export * from './kernels.js';
export * from './grey.js';
export * from './curve.js';
export * from './stride.js';
export * from './pooling.js';
export * from './receptive.js';
export * from './display.js';
export * from './npy.js';
export * from './features.js';
export * from './filters.js';
