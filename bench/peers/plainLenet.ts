/**
 * A plain single-threaded JavaScript LeNet-5, written the straightforward way: naive nested loops, one sample
 * at a time, Float32Arrays, plain SGD. It is the baseline the issue measures Convas against ("a plain
 * single-threaded JS LeNet-5 trains about 390 samples/s"). Same architecture as resources/examples/lenet5.json:
 * conv 6@5×5 same + relu → maxpool 2 → conv 16@5×5 valid + relu → maxpool 2 → dense 120 relu → 84 relu → 10,
 * softmax cross-entropy.
 */

interface Conv {
  cin: number;
  cout: number;
  k: number;
  pad: number;
  w: Float32Array;
  b: Float32Array;
  gw: Float32Array;
  gb: Float32Array;
}
interface Dense {
  nin: number;
  nout: number;
  w: Float32Array;
  b: Float32Array;
  gw: Float32Array;
  gb: Float32Array;
}

function randn(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function conv(cin: number, cout: number, k: number, pad: number, rand: () => number): Conv {
  const w = new Float32Array(cout * cin * k * k).map(() => randn(rand) * Math.sqrt(2 / (cin * k * k)));
  return {
    cin,
    cout,
    k,
    pad,
    w,
    b: new Float32Array(cout),
    gw: new Float32Array(w.length),
    gb: new Float32Array(cout),
  };
}
function dense(nin: number, nout: number, rand: () => number): Dense {
  const w = new Float32Array(nin * nout).map(() => randn(rand) * Math.sqrt(2 / nin));
  return { nin, nout, w, b: new Float32Array(nout), gw: new Float32Array(w.length), gb: new Float32Array(nout) };
}

/** y[co][oy][ox] = relu(b + Σ w[co][ci][ky][kx]·x[ci][oy+ky−pad][ox+kx−pad]). */
function convForward(l: Conv, x: Float32Array, h: number, w: number, y: Float32Array, oh: number, ow: number): void {
  for (let co = 0; co < l.cout; co++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        let s = l.b[co];
        for (let ci = 0; ci < l.cin; ci++)
          for (let ky = 0; ky < l.k; ky++) {
            const iy = oy + ky - l.pad;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < l.k; kx++) {
              const ix = ox + kx - l.pad;
              if (ix < 0 || ix >= w) continue;
              s += l.w[((co * l.cin + ci) * l.k + ky) * l.k + kx] * x[(ci * h + iy) * w + ix];
            }
          }
        y[(co * oh + oy) * ow + ox] = s > 0 ? s : 0;
      }
}

function convBackward(
  l: Conv,
  x: Float32Array,
  h: number,
  w: number,
  y: Float32Array,
  dy: Float32Array,
  oh: number,
  ow: number,
  dx: Float32Array | null,
): void {
  if (dx) dx.fill(0);
  for (let co = 0; co < l.cout; co++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        const o = (co * oh + oy) * ow + ox;
        const g = y[o] > 0 ? dy[o] : 0;
        if (g === 0) continue;
        l.gb[co] += g;
        for (let ci = 0; ci < l.cin; ci++)
          for (let ky = 0; ky < l.k; ky++) {
            const iy = oy + ky - l.pad;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < l.k; kx++) {
              const ix = ox + kx - l.pad;
              if (ix < 0 || ix >= w) continue;
              const wi = ((co * l.cin + ci) * l.k + ky) * l.k + kx;
              const xi = (ci * h + iy) * w + ix;
              l.gw[wi] += g * x[xi];
              if (dx) dx[xi] += g * l.w[wi];
            }
          }
      }
}

function poolForward(x: Float32Array, c: number, h: number, w: number, y: Float32Array, arg: Int32Array): void {
  const oh = h >> 1;
  const ow = w >> 1;
  for (let ci = 0; ci < c; ci++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        let best = -Infinity;
        let at = 0;
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++) {
            const i = (ci * h + oy * 2 + dy) * w + ox * 2 + dx;
            if (x[i] > best) {
              best = x[i];
              at = i;
            }
          }
        const o = (ci * oh + oy) * ow + ox;
        y[o] = best;
        arg[o] = at;
      }
}

function denseForward(l: Dense, x: Float32Array, y: Float32Array, relu: boolean): void {
  for (let j = 0; j < l.nout; j++) {
    let s = l.b[j];
    for (let i = 0; i < l.nin; i++) s += x[i] * l.w[i * l.nout + j];
    y[j] = relu && s < 0 ? 0 : s;
  }
}

function denseBackward(l: Dense, x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  dx.fill(0);
  for (let j = 0; j < l.nout; j++) {
    const g = dy[j];
    l.gb[j] += g;
    for (let i = 0; i < l.nin; i++) {
      l.gw[i * l.nout + j] += g * x[i];
      dx[i] += g * l.w[i * l.nout + j];
    }
  }
}

export class PlainLenet {
  private c1: Conv;
  private c2: Conv;
  private f1: Dense;
  private f2: Dense;
  private f3: Dense;
  private a1 = new Float32Array(6 * 28 * 28);
  private p1 = new Float32Array(6 * 14 * 14);
  private i1 = new Int32Array(6 * 14 * 14);
  private a2 = new Float32Array(16 * 10 * 10);
  private p2 = new Float32Array(400);
  private i2 = new Int32Array(400);
  private h1 = new Float32Array(120);
  private h2 = new Float32Array(84);
  private z = new Float32Array(10);

  constructor(seed = 1) {
    let s = seed >>> 0;
    const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 4294967296;
    this.c1 = conv(1, 6, 5, 2, rand);
    this.c2 = conv(6, 16, 5, 0, rand);
    this.f1 = dense(400, 120, rand);
    this.f2 = dense(120, 84, rand);
    this.f3 = dense(84, 10, rand);
  }

  /** Weights and their gradients, for an external optimizer. */
  params(): { value: Float32Array; grad: Float32Array }[] {
    return [this.c1, this.c2, this.f1, this.f2, this.f3].flatMap((l) => [
      { value: l.w, grad: l.gw },
      { value: l.b, grad: l.gb },
    ]);
  }

  /** Predicted class of one 1×28×28 image. */
  classify(x: Float32Array): number {
    convForward(this.c1, x, 28, 28, this.a1, 28, 28);
    poolForward(this.a1, 6, 28, 28, this.p1, this.i1);
    convForward(this.c2, this.p1, 14, 14, this.a2, 10, 10);
    poolForward(this.a2, 16, 10, 10, this.p2, this.i2);
    denseForward(this.f1, this.p2, this.h1, true);
    denseForward(this.f2, this.h1, this.h2, true);
    denseForward(this.f3, this.h2, this.z, false);
    return this.z.indexOf(Math.max(...this.z));
  }

  /** One SGD step on a batch of 1×28×28 images (lr 0: gradients only); returns the mean loss. */
  trainBatch(x: Float32Array, y: Int32Array, n: number, lr: number): number {
    const layers = [this.c1, this.c2, this.f1, this.f2, this.f3];
    for (const l of layers) {
      l.gw.fill(0);
      l.gb.fill(0);
    }
    let loss = 0;
    const d3 = new Float32Array(10);
    const d2 = new Float32Array(84);
    const d1 = new Float32Array(120);
    const dp2 = new Float32Array(400);
    const da2 = new Float32Array(1600);
    const dp1 = new Float32Array(6 * 14 * 14);
    const da1 = new Float32Array(6 * 28 * 28);
    for (let s = 0; s < n; s++) {
      const xs = x.subarray(s * 784, (s + 1) * 784);
      convForward(this.c1, xs, 28, 28, this.a1, 28, 28);
      poolForward(this.a1, 6, 28, 28, this.p1, this.i1);
      convForward(this.c2, this.p1, 14, 14, this.a2, 10, 10);
      poolForward(this.a2, 16, 10, 10, this.p2, this.i2);
      denseForward(this.f1, this.p2, this.h1, true);
      denseForward(this.f2, this.h1, this.h2, true);
      denseForward(this.f3, this.h2, this.z, false);
      let max = -Infinity;
      for (let k = 0; k < 10; k++) max = Math.max(max, this.z[k]);
      let sum = 0;
      for (let k = 0; k < 10; k++) sum += Math.exp(this.z[k] - max);
      loss += Math.log(sum) + max - this.z[y[s]];
      for (let k = 0; k < 10; k++) d3[k] = (Math.exp(this.z[k] - max) / sum - (k === y[s] ? 1 : 0)) / n;
      denseBackward(this.f3, this.h2, d3, d2);
      for (let k = 0; k < 84; k++) if (this.h2[k] <= 0) d2[k] = 0;
      denseBackward(this.f2, this.h1, d2, d1);
      for (let k = 0; k < 120; k++) if (this.h1[k] <= 0) d1[k] = 0;
      denseBackward(this.f1, this.p2, d1, dp2);
      da2.fill(0);
      for (let k = 0; k < 400; k++) da2[this.i2[k]] += dp2[k];
      convBackward(this.c2, this.p1, 14, 14, this.a2, da2, 10, 10, dp1);
      da1.fill(0);
      for (let k = 0; k < dp1.length; k++) da1[this.i1[k]] += dp1[k];
      convBackward(this.c1, xs, 28, 28, this.a1, da1, 28, 28, null);
    }
    if (lr > 0)
      for (const l of layers) {
        for (let i = 0; i < l.w.length; i++) l.w[i] -= lr * l.gw[i];
        for (let i = 0; i < l.b.length; i++) l.b[i] -= lr * l.gb[i];
      }
    return loss / n;
  }
}
