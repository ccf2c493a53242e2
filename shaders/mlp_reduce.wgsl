// The reduce pass shared by shaders/mlp.wgsl and shaders/mlp_auc.wgsl (the host appends this file
// to either template): one invocation per (member b, parameter q) sums the chunks' partial
// gradients, scales by inv_n (1/N for cross-entropy; 1 for appAUC, whose pairs pass normalises)
// and adds 2λw; q = size carries the loss plus λ‖w‖². Uses the template's `p`, `w` and `part`.

@group(0) @binding(5) var<storage, read_write> result: array<f32>;   // batch × (size + 1): gradient, loss

@compute @workgroup_size(64)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  let q = gid.y;
  let P = p.size; let B = p.batch;
  if (b >= B || q > P) { return; }
  var acc: f32 = 0.0;
  for (var c: u32 = 0u; c < p.chunks; c++) { acc += part[(c * (P + 1u) + q) * B + b]; }
  acc *= p.inv_n;
  if (q < P) {
    result[b * (P + 1u) + q] = acc + 2.0 * p.lambda * w[q * B + b];
  } else {
    var pen: f32 = 0.0;
    for (var k: u32 = 0u; k < P; k++) { let wk = w[k * B + b]; pen += wk * wk; }
    result[b * (P + 1u) + P] = acc + p.lambda * pen;
  }
}
