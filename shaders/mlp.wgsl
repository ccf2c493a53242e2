// Loss and gradient of a single-hidden-layer tanh/softmax perceptron with cross-entropy + λ‖w‖²,
// for a BATCH of parameter vectors over the same N data points, in two passes (one dispatch call).
//
// This file is a template: lib/models/mlp_gpu.ts generates, for one network shape I-H-O, the
// fully unrolled statements at the three LOAD, SAMPLE and STORE markers below, so that a member's
// weights and gradient accumulators live in registers (named scalars), not in indexed memory.
// Why: llvmpipe runs 8 invocations in the lanes of one AVX2 register, but a storage or private
// array access whose address differs between lanes is executed lane by lane; with every such
// access inside the sample loop the kernel ran at 0.27 GFLOP/s (measured, docs/ARCHITECTURE.md).
// Unrolled, the sample loop touches memory only for the data x[s·I + k] and labels[s], the same
// address in every lane.
//   partial: one invocation per (member b, chunk c of `chunk` samples): forward and backward pass,
//            gradient summed over the chunk, written to part[(c·(P+1) + q)·B + b].
//   reduce:  one invocation per (member b, parameter q): sums the chunks, adds 2λw, divides by N.
// Parameter order of a member: [W1 (H×I), b1 (H), W2 (O×H), b2 (O)] (lib/models/mlp.ts); the
// host stores the weights member-fastest, w[q·B + b]. The only loop is over the chunk's samples
// (far below llvmpipe's 65,535-trip cap); no workgroup memory or barriers (barriers are ~30×
// slower on llvmpipe). CPU twin: MlpLandscape.energy (float64).

struct Params {
  n: u32, inputs: u32, hidden: u32, outputs: u32,
  size: u32, batch: u32, chunks: u32, chunk: u32,
  lambda: f32, inv_n: f32, pad0: f32, pad1: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;      // n × inputs
@group(0) @binding(2) var<storage, read> labels: array<u32>; // n
@group(0) @binding(3) var<storage, read> w: array<f32>;      // size × batch (member fastest)
@group(0) @binding(4) var<storage, read_write> part: array<f32>; // chunks × (size + 1) × batch

@compute @workgroup_size(8)
fn partial(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let c = gid.y;
  if (b >= p.batch || c >= p.chunks) { return; }
  let B = p.batch;
  let out = c * (p.size + 1u) * B + b;
  var loss: f32 = 0.0;
  /*LOAD*/
  let s0 = c * p.chunk;
  let s1 = min(s0 + p.chunk, p.n);
  for (var s: u32 = s0; s < s1; s++) {
    let xs = s * p.inputs;
    let y = labels[s];
    /*SAMPLE*/
  }
  /*STORE*/
  part[out + p.size * B] = loss;
}

// The reduce pass and the `result` binding (5) come from shaders/mlp_reduce.wgsl, appended by the host.
