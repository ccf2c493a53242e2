// Device self-tests (lib/gpu/selftest.ts).
//
// loop_probe: one invocation runs a loop of p.x iterations and writes how many it completed.
// llvmpipe silently stops a loop after 65,535 iterations and goes on after it, so a short count
// here is how the cap is detected.
//
// arith: elementwise arithmetic and built-ins on random inputs, compared with a float64 twin.

struct Params { count: u32, n: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(1)
fn loop_probe() {
  var c: u32 = 0u;
  for (var i: u32 = 0u; i < p.count; i = i + 1u) {
    c = c + 1u;
  }
  out[0] = f32(c);
  // Touch the inputs so that "auto" layout keeps every binding.
  out[1] = a[0] + b[0];
}

// Six results per element: a*b + 1, a/b, sqrt(b), exp(a), log(b), tanh(a).
@compute @workgroup_size(64)
fn arith(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.n) { return; }
  let x = a[i];
  let y = b[i];
  out[6u * i + 0u] = x * y + 1.0;
  out[6u * i + 1u] = x / y;
  out[6u * i + 2u] = sqrt(y);
  out[6u * i + 3u] = exp(x);
  out[6u * i + 4u] = log(y);
  out[6u * i + 5u] = tanh(x);
}
