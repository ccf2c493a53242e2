// Pairwise scaled squared distances for a batch of inverse lengthscale vectors:
//   out[b, i, j] = sum_k ((x[i, k] - x[j, k]) * inv_ell[b, k])^2
// One invocation per (i, j) pair of one batch member (grid: i, j, b). No workgroup memory: on
// llvmpipe a 16x16 shared tile with a barrier was 30x slower than these direct reads (measured,
// docs/ARCHITECTURE.md). The per-invocation loop runs over the input dimension only (d <= 64),
// far below llvmpipe's 65,535-iteration cap.
// CPU twin: pairwiseSqDistCpu in lib/gpu/sqdist.ts.

struct Params { n: u32, d: u32, batch: u32, pad: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> inv_ell: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = p.n;
  let d = p.d;
  let i = gid.x;
  let j = gid.y;
  let b = gid.z;
  if (i >= n || j >= n) { return; }
  var acc: f32 = 0.0;
  for (var k: u32 = 0u; k < d; k = k + 1u) {
    let diff = (x[i * d + k] - x[j * d + k]) * inv_ell[b * d + k];
    acc = acc + diff * diff;
  }
  out[(b * n + i) * n + j] = acc;
}
