// Matérn-ν correlations and their derivatives for every pair of n points, for a BATCH of
// hyperparameter points in one dispatch (grid: i, j, batch member; only j < i is computed).
//
// Output per member b and pair p = i(i-1)/2 + j, laid out [b][q][p] with q =
//   0: c(u)                      the correlation, u = sqrt(sum_k ((x_ik - x_jk) s_k)^2), s_k = sqrt(2ν)/ℓ_k
//   1: g(u) = -u dc/du           (= ∂c/∂ln ℓ for an isotropic lengthscale)
//   2: dc/dν at fixed r          = ∂c/∂ν|_u - g/(2ν)
// Per-member constants (from float64 on the CPU): [ν, C0, D0, s_1..s_d], with A = 2^{1-ν}/Γ(ν),
//   C0 = ln A + ν ln(2ν) - ν   and   D0 = d ln A/dν + ln(2ν).
// Both are O(1) where ln A itself is large (ln A ≈ -59 at ν = 22): the saddle value is split as
//   ln A + φ* = C0 + ν·log1p(δ/2ν) - δ,  δ = R - ν = u²/(R + ν),
// so no large f32 terms cancel (that cancellation cost 9e-6 in c before this split).
//
// Method (docs/ARCHITECTURE.md): c = A u^ν K_ν(u) with K_ν(u) = ½∫exp(νt - u cosh t)dt, by the
// trapezoid rule on nodes between the two points where the integrand has fallen by e^-T relative
// to its saddle t* = asinh(ν/u) (found by Newton, monotone from a safe side), with a step set by
// the largest curvature u·cosh t at either end. One loop of at most MAX_NODES (≤ 160) iterations
// per invocation, far below llvmpipe's 65,535 cap. All sums are of positive weights relative to
// the saddle, so nothing overflows in f32.
// CPU twin: maternPairsCpu in lib/models/matern_batch.ts.

struct Params { n: u32, d: u32, batch: u32, stride: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> hyp: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const T: f32 = 16.0;
const HC: f32 = 1.0;
const NEWTON: u32 = 6u;
const MAX_NODES: u32 = 160u;

// log(1 + z) for z ≥ 0 without losing digits at small z (WGSL has no log1p).
fn log1p_f(z: f32) -> f32 {
  if (z < 0.1) {
    return z * (1.0 + z * (-0.5 + z * (1.0 / 3.0 + z * (-0.25 + z * (0.2 + z * (-1.0 / 6.0 + z * (1.0 / 7.0 - z * 0.125)))))));
  }
  return log(1.0 + z);
}

// sinh(x) - x without cancellation at small x (series for |x| < 1).
fn sinh_minus_x(x: f32) -> f32 {
  if (abs(x) < 1.0) {
    let x2 = x * x;
    return x * x2 * (1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (1.0 / 5040.0 + x2 * (1.0 / 362880.0 + x2 / 39916800.0))));
  }
  return sinh(x) - x;
}

// sinh(x) accurate at small x (a built-in may form (e^x - e^-x)/2, which cancels there).
fn sinh_acc(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let x2 = x * x;
    return x * (1.0 + x2 * (1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 / 5040.0)));
  }
  return sinh(x);
}

fn g_fn(t: f32, nu: f32, u: f32, ts: f32, R: f32) -> f32 {
  return nu * (t - ts) - (u * cosh(t) - R) + T;
}

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let j = gid.y;
  let b = gid.z;
  let n = p.n;
  if (i >= n || j >= i || b >= p.batch) { return; }
  let P = n * (n - 1u) / 2u;
  let pidx = i * (i - 1u) / 2u + j;
  let base = b * p.stride;
  let nu = hyp[base];
  let c0 = hyp[base + 1u];
  let d0 = hyp[base + 2u];
  var u2: f32 = 0.0;
  for (var k: u32 = 0u; k < p.d; k = k + 1u) {
    let diff = (x[i * p.d + k] - x[j * p.d + k]) * hyp[base + 3u + k];
    u2 = u2 + diff * diff;
  }
  let o = b * 3u * P + pidx;
  if (u2 == 0.0) { // r = 0: c = 1, derivatives 0
    out[o] = 1.0;
    out[o + P] = 0.0;
    out[o + 2u * P] = 0.0;
    return;
  }
  let u = sqrt(u2);
  let ts = asinh(nu / u);
  let R = sqrt(u2 + nu * nu);
  let delta = u2 / (R + nu); // R - ν
  let l1 = log1p_f(delta / (2.0 * nu)); // ln((ν + R)/(2ν))
  let phiS = nu * l1 - delta; // ln A + φ* - C0
  // Left end: Newton from tMin (where the integrand is provably below e^-T), monotone from the left.
  let tMin = -acosh(max(1.0, (R + T) / u));
  var tl = tMin;
  for (var it: u32 = 0u; it < NEWTON; it = it + 1u) {
    let gp = nu - u * sinh(tl);
    tl = clamp(tl - g_fn(tl, nu, u, ts, R) / gp, tMin, ts);
  }
  // Right end: Newton from a point provably right of the root, monotone from the right.
  let D = sqrt(2.0 * T / R);
  var tr = min(ts + D, acosh(max(1.0, (R + T + nu * D) / u)));
  for (var it: u32 = 0u; it < NEWTON; it = it + 1u) {
    let gp = nu - u * sinh(tr);
    tr = max(tr - g_fn(tr, nu, u, ts, R) / gp, ts);
  }
  let kap = max(R, 0.5 * u * max(cosh(tl), cosh(tr)));
  var h = HC / sqrt(kap);
  var nodes = u32(ceil((tr - tl) / h));
  if (nodes > MAX_NODES) {
    nodes = MAX_NODES;
    h = (tr - tl) / f32(nodes);
  }
  var s0: f32 = 0.0;
  var s1: f32 = 0.0;
  var sg: f32 = 0.0;
  for (var q: u32 = 0u; q <= nodes; q = q + 1u) {
    let t = tl + f32(q) * h;
    let dd = t - ts;
    // Exponent φ(t) - φ*, in the form that does not cancel: near the saddle (|dd| ≤ 1), using
    // u cosh t - R = R(cosh dd - 1) + ν sinh dd, it is -ν(sinh dd - dd) - 2R sinh²(dd/2); further
    // out, νdd - 2u sinh((t + t*)/2) sinh(dd/2).
    var e: f32;
    if (abs(dd) <= 1.0) {
      let sh = sinh_acc(0.5 * dd);
      e = -nu * sinh_minus_x(dd) - 2.0 * R * sh * sh;
    } else {
      e = nu * dd - 2.0 * u * sinh(0.5 * (t + ts)) * sinh(0.5 * dd);
    }
    let w = exp(e);
    s0 = s0 + w;
    s1 = s1 + dd * w;
    // g = A u^{ν+1} K_{ν-1}(u) = (A/2)∫ u e^{-t} e^{φ(t)} dt: positive weights, no cancellation
    // (the equivalent weight u cosh t - ν cancels across the saddle and cost 1.8e-5 in f32).
    sg = sg + u * exp(-t) * w;
  }
  let pref = exp(c0 + phiS + log(0.5 * h));
  let c = pref * s0;
  let g = pref * sg;
  let dnu_u = c * (d0 + l1) + pref * s1;
  out[o] = c;
  out[o + P] = g;
  out[o + 2u * P] = dnu_u - g / (2.0 * nu);
}
