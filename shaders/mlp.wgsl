// Loss and gradient of a single-hidden-layer tanh/softmax perceptron with cross-entropy + λ‖w‖²,
// for a BATCH of parameter vectors over the same N data points, in two passes (one dispatch call):
//   partial: one invocation per (chunk of CHUNK samples, member b): forward and backward pass for
//            its samples, gradient accumulated in private memory, written to part[b][chunk][·].
//   reduce:  one invocation per (member b, parameter p): sums the chunks, adds 2λw, divides by N.
// Gradient accumulation goes to the invocation's slice of `part` rather than private memory.
// Layout of a member's parameters: [W1 (H×I), b1 (H), W2 (O×H), b2 (O)] (lib/models/mlp.ts).
// Loop trips per invocation: CHUNK·(2IH + 2OH + …) ≈ 26k for an 8-32-3 network with CHUNK = 32,
// below llvmpipe's 65,535 cap; no workgroup memory (barriers are slow on llvmpipe,
// docs/ARCHITECTURE.md). CPU twin: MlpLandscape.energy (float64).

struct Params {
  n: u32, inputs: u32, hidden: u32, outputs: u32,
  size: u32, batch: u32, chunks: u32, chunk: u32,
  lambda: f32, inv_n: f32, pad0: f32, pad1: f32,
}

// Private array sizes: the host substitutes the network's exact sizes before compiling (large
// private arrays made llvmpipe's compile take 29 s at 1024 elements).
const MAXH: u32 = 64u;
const MAXO: u32 = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;      // n × inputs
@group(0) @binding(2) var<storage, read> labels: array<u32>; // n
@group(0) @binding(3) var<storage, read> w: array<f32>;      // batch × size
@group(0) @binding(4) var<storage, read_write> part: array<f32>;      // batch × chunks × (size + 1)

@compute @workgroup_size(64)
fn partial(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  let b = gid.y;
  if (c >= p.chunks || b >= p.batch) { return; }
  let I = p.inputs; let H = p.hidden; let O = p.outputs; let P = p.size;
  let base = b * P;
  let ob1 = H * I; let ow2 = ob1 + H; let ob2 = ow2 + O * H;
  // The gradient accumulates in this invocation's own slice of `part` (a private array of P floats
  // made llvmpipe's shader compile take seconds).
  let out = (b * p.chunks + c) * (P + 1u);
  for (var q: u32 = 0u; q < P; q++) { part[out + q] = 0.0; }
  var h: array<f32, MAXH>;
  var z: array<f32, MAXO>;
  var loss: f32 = 0.0;
  let s0 = c * p.chunk;
  let s1 = min(s0 + p.chunk, p.n);
  for (var s: u32 = s0; s < s1; s++) {
    for (var j: u32 = 0u; j < H; j++) {
      var a = w[base + ob1 + j];
      for (var k: u32 = 0u; k < I; k++) { a += w[base + j * I + k] * x[s * I + k]; }
      h[j] = tanh(a);
    }
    var mx: f32 = -3.0e38;
    for (var o: u32 = 0u; o < O; o++) {
      var t = w[base + ob2 + o];
      for (var j: u32 = 0u; j < H; j++) { t += w[base + ow2 + o * H + j] * h[j]; }
      z[o] = t;
      mx = max(mx, t);
    }
    let y = labels[s];
    // −log p_y = log Σ_o exp(z_o − max) − (z_y − max): no log of an underflowed exponential.
    let zy = z[y] - mx;
    var sum: f32 = 0.0;
    for (var o: u32 = 0u; o < O; o++) { z[o] = exp(z[o] - mx); sum += z[o]; }
    loss += log(sum) - zy;
    // dL/dz_o = p_o − [o = y]; accumulate W2, b2 gradients and back-propagate to the hidden layer.
    for (var o: u32 = 0u; o < O; o++) {
      let dz = z[o] / sum - select(0.0, 1.0, o == y);
      z[o] = dz;
      part[out + ob2 + o] += dz;
      for (var j: u32 = 0u; j < H; j++) { part[out + ow2 + o * H + j] += dz * h[j]; }
    }
    for (var j: u32 = 0u; j < H; j++) {
      var dh: f32 = 0.0;
      for (var o: u32 = 0u; o < O; o++) { dh += z[o] * w[base + ow2 + o * H + j]; }
      let da = dh * (1.0 - h[j] * h[j]);
      part[out + ob1 + j] += da;
      for (var k: u32 = 0u; k < I; k++) { part[out + j * I + k] += da * x[s * I + k]; }
    }
  }
  part[out + P] = loss;
}

@group(0) @binding(5) var<storage, read_write> result: array<f32>;   // batch × (size + 1): gradient, loss

@compute @workgroup_size(64)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>) {
  let q = gid.x;
  let b = gid.y;
  let P = p.size;
  if (q > P || b >= p.batch) { return; }
  var acc: f32 = 0.0;
  for (var c: u32 = 0u; c < p.chunks; c++) { acc += part[(b * p.chunks + c) * (P + 1u) + q]; }
  acc *= p.inv_n;
  if (q < P) {
    let wq = w[b * P + q];
    result[b * (P + 1u) + q] = acc + 2.0 * p.lambda * wq;
  } else {
    var pen: f32 = 0.0;
    for (var k: u32 = 0u; k < P; k++) { let wk = w[b * P + k]; pen += wk * wk; }
    result[b * (P + 1u) + P] = acc + p.lambda * pen;
  }
}
