// −appAUC + λ‖w‖² and its gradient for a BATCH of parameter vectors of a binary tanh/softmax
// perceptron (2 outputs), over the same N data points, in four passes (one dispatch call):
//   appAUC = (1/(N⁺N⁻)) Σ_{i∈+} Σ_{j∈−} σ(β(p_i − p_j)), p = softmax(z)₁.
//   probs:   per (member b, chunk c): the forward pass, p_s stored in prob[s·B + b].
//   pairs:   per (member b, block of PAIR_BLOCK samples of one class): coef_s = ∂loss/∂p_s =
//            ∓(β/(N⁺N⁻)) Σ σ'(…) over the other class, and the sample's share of the loss
//            (positives only) in pairloss[s·B + b].
//   partial: per (member b, chunk c): forward again, ∂loss/∂z_o = coef_s·p₁(δ_{o1} − p_o),
//            back-propagation into register accumulators (as in shaders/mlp.wgsl).
//   reduce:  per (member b, parameter q): sums the chunks and adds 2λw (inv_n = 1 here: the
//            pairs pass has already normalised).
// Like shaders/mlp.wgsl this is a template: lib/models/mlp_gpu.ts generates the unrolled
// statements at the marked places for one network shape, keeping weights and accumulators in
// registers (llvmpipe runs lane-varying memory accesses lane by lane). The pairs loop runs at most
// N trips (≤ 65,535, llvmpipe's cap; the host checks). CPU twin: MlpLandscape.energy with loss "auc".

struct Params {
  n: u32, inputs: u32, hidden: u32, outputs: u32,
  size: u32, batch: u32, chunks: u32, chunk: u32,
  lambda: f32, inv_n: f32, beta: f32, norm: f32,
  npos: u32, pblocks: u32, pad0: u32, pad1: u32,
}

const PAIR_BLOCK: u32 = 8u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;      // n × inputs
// binding 2 (labels) is not needed: the host orders the samples positives first.
@group(0) @binding(3) var<storage, read> w: array<f32>;      // size × batch (member fastest)
@group(0) @binding(4) var<storage, read_write> part: array<f32>; // chunks × (size + 1) × batch
// binding 5 (result) and the reduce pass: shaders/mlp_reduce.wgsl, appended by the host.
@group(0) @binding(6) var<storage, read_write> prob: array<f32>; // n × batch
@group(0) @binding(7) var<storage, read_write> coef: array<f32>; // n × batch
@group(0) @binding(8) var<storage, read_write> pairloss: array<f32>; // n × batch

@compute @workgroup_size(8)
fn probs(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let c = gid.y;
  if (b >= p.batch || c >= p.chunks) { return; }
  let B = p.batch;
  /*WEIGHTS_A*/
  let s0 = c * p.chunk;
  let s1 = min(s0 + p.chunk, p.n);
  for (var s: u32 = s0; s < s1; s++) {
    let xs = s * p.inputs;
    /*FORWARD_A*/
    prob[s * B + b] = e1 * inv;
  }
}

// The host orders the samples positives first (npos of them), so a block of PAIR_BLOCK samples of
// one class loops over the other class only, with no branch, and each p_t it loads serves the
// whole block (the generated PAIRS_* statements keep one slot of named scalars per block sample).
@compute @workgroup_size(8)
fn pairs(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let blk = gid.y;
  if (b >= p.batch) { return; }
  let B = p.batch;
  var s0: u32; var send: u32; var t0: u32; var t1: u32; var sgn: f32;
  if (blk < p.pblocks) {
    s0 = blk * PAIR_BLOCK; send = p.npos; t0 = p.npos; t1 = p.n; sgn = 1.0;
  } else {
    s0 = p.npos + (blk - p.pblocks) * PAIR_BLOCK; send = p.n; t0 = 0u; t1 = p.npos; sgn = -1.0;
  }
  if (s0 >= send) { return; }
  /*PAIRS_LOAD*/
  for (var t: u32 = t0; t < t1; t++) {
    let pt = prob[t * B + b];
    /*PAIRS_BODY*/
  }
  // ∂(−appAUC)/∂p_i = −(β/(N⁺N⁻)) Σ_j σ'(…) for a positive i; +(β/(N⁺N⁻)) Σ_i σ'(…) for a negative j;
  // the loss is counted once per pair, on the positive side.
  /*PAIRS_STORE*/
}

@compute @workgroup_size(8)
fn partial(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let c = gid.y;
  if (b >= p.batch || c >= p.chunks) { return; }
  let B = p.batch;
  let out = c * (p.size + 1u) * B + b;
  var loss: f32 = 0.0;
  /*WEIGHTS_B*/
  let s0 = c * p.chunk;
  let s1 = min(s0 + p.chunk, p.n);
  for (var s: u32 = s0; s < s1; s++) {
    let xs = s * p.inputs;
    /*FORWARD_B*/
    let cs = coef[s * B + b];
    let p1 = e1 * inv;
    loss += pairloss[s * B + b];
    /*BACKWARD_B*/
  }
  /*STORE_B*/
  part[out + p.size * B] = loss;
}
