/**
 * The TensorFlow.js peer: the same LeNet-5 (conv 6@5×5 same relu, max pool 2, conv 16@5×5 relu, max pool 2,
 * dense 120 relu, 84 relu, 10 softmax) in @tensorflow/tfjs 4.22's Layers API on its pure-JS CPU backend, trained
 * with SGD and categorical cross-entropy. tfjs-node (native TensorFlow) cannot install without internet, and the
 * WASM backend has no Conv2DBackpropFilter, so the CPU backend is the one TensorFlow.js can train with here.
 */
import * as tf from '@tensorflow/tfjs';

export async function tfjsLenet(): Promise<{
  trainBatch(x: Float32Array, y: Int32Array, n: number): Promise<void>;
  dispose(): void;
}> {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }),
      tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  return {
    async trainBatch(x, y, n) {
      // A single grey channel is the same bytes in NHWC and NCHW.
      const xs = tf.tensor4d(x.subarray(0, n * 784), [n, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(y.subarray(0, n), 'int32'), 10);
      await model.trainOnBatch(xs, ys);
      xs.dispose();
      ys.dispose();
    },
    dispose: () => model.dispose(),
  };
}
