// Dense float64 kernels (Cholesky, L^-T, U·U^T) on wasm linear memory: row-major n×n matrices at
// byte offsets, inner loops as f64x2 SIMD with register blocking. Compiled with AssemblyScript.
// Compiled by tools/build_wasm.sh into lib/linalg/_kernels_wasm.ts; float64 results equal the
// JavaScript kernels of lib/linalg/cholesky.ts up to summation order.

@inline function dot(pa: usize, pb: usize, len: i32): f64 {
  let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0);
  let k: i32 = 0;
  for (; k + 3 < len; k += 4) {
    const o = <usize>k << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(pa + o), v128.load(pb + o)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(pa + o + 16), v128.load(pb + o + 16)));
  }
  const s2 = f64x2.add(a0, a1);
  let s = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  for (; k < len; k++) {
    const o = <usize>k << 3;
    s += load<f64>(pa + o) * load<f64>(pb + o);
  }
  return s;
}

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// In-place lower Cholesky factor (row-oriented Crout). Returns -1, or the failing pivot's row.
export function cholesky(a: usize, n: i32): i32 {
  const rs = <usize>n << 3;
  for (let i: i32 = 0; i < n; i++) {
    const ri = a + <usize>i * rs;
    let j: i32 = 0;
    for (; j + 3 < i; j += 4) {
      const r0 = a + <usize>j * rs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
      let c0 = f64x2.splat(0.0), c1 = f64x2.splat(0.0), c2 = f64x2.splat(0.0), c3 = f64x2.splat(0.0);
      let k: i32 = 0;
      for (; k + 1 < j; k += 2) {
        const o = <usize>k << 3;
        const x = v128.load(ri + o);
        c0 = f64x2.add(c0, f64x2.mul(x, v128.load(r0 + o)));
        c1 = f64x2.add(c1, f64x2.mul(x, v128.load(r1 + o)));
        c2 = f64x2.add(c2, f64x2.mul(x, v128.load(r2 + o)));
        c3 = f64x2.add(c3, f64x2.mul(x, v128.load(r3 + o)));
      }
      let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
      for (; k < j; k++) {
        const o = <usize>k << 3;
        const x = load<f64>(ri + o);
        s0 += x * load<f64>(r0 + o);
        s1 += x * load<f64>(r1 + o);
        s2 += x * load<f64>(r2 + o);
        s3 += x * load<f64>(r3 + o);
      }
      const jo = <usize>j << 3;
      const l0 = (load<f64>(ri + jo) - s0) / load<f64>(r0 + jo);
      const l1 = (load<f64>(ri + jo + 8) - s1 - l0 * load<f64>(r1 + jo)) / load<f64>(r1 + jo + 8);
      const l2 = (load<f64>(ri + jo + 16) - s2 - l0 * load<f64>(r2 + jo) - l1 * load<f64>(r2 + jo + 8)) / load<f64>(r2 + jo + 16);
      const l3 = (load<f64>(ri + jo + 24) - s3 - l0 * load<f64>(r3 + jo) - l1 * load<f64>(r3 + jo + 8) - l2 * load<f64>(r3 + jo + 16)) /
        load<f64>(r3 + jo + 24);
      store<f64>(ri + jo, l0);
      store<f64>(ri + jo + 8, l1);
      store<f64>(ri + jo + 16, l2);
      store<f64>(ri + jo + 24, l3);
    }
    for (; j < i; j++) {
      const rj = a + <usize>j * rs;
      const jo = <usize>j << 3;
      store<f64>(ri + jo, (load<f64>(ri + jo) - dot(ri, rj, j)) / load<f64>(rj + jo));
    }
    const io = <usize>i << 3;
    const d = load<f64>(ri + io) - dot(ri, ri, i);
    if (!(d > 0)) return i;
    store<f64>(ri + io, Math.sqrt(d));
  }
  return -1;
}

// U = L^{-T} (upper, row-major; the caller zeroes U): U[j][i] = -(sum_{k=j}^{i-1} L[i][k] U[j][k]) / L[i][i].
// Four rows of U share each row of L.
export function invUpper(l: usize, u: usize, n: i32): void {
  const rs = <usize>n << 3;
  let j: i32 = 0;
  for (; j + 3 < n; j += 4) {
    // The 4×4 diagonal block of rows j..j+3 first (scalar).
    for (let q: i32 = 0; q < 4; q++) {
      const uq = u + <usize>(j + q) * rs;
      store<f64>(uq + (<usize>(j + q) << 3), 1.0 / load<f64>(l + <usize>(j + q) * rs + (<usize>(j + q) << 3)));
      for (let i: i32 = j + q + 1; i < j + 4; i++) {
        const li = l + <usize>i * rs;
        let s = 0.0;
        for (let k: i32 = j + q; k < i; k++) s += load<f64>(li + (<usize>k << 3)) * load<f64>(uq + (<usize>k << 3));
        store<f64>(uq + (<usize>i << 3), -s / load<f64>(li + (<usize>i << 3)));
      }
    }
    const u0 = u + <usize>j * rs, u1 = u0 + rs, u2 = u1 + rs, u3 = u2 + rs;
    for (let i: i32 = j + 4; i < n; i++) {
      const li = l + <usize>i * rs;
      let c0 = f64x2.splat(0.0), c1 = f64x2.splat(0.0), c2 = f64x2.splat(0.0), c3 = f64x2.splat(0.0);
      let k: i32 = j;
      for (; k + 1 < i; k += 2) {
        const o = <usize>k << 3;
        const x = v128.load(li + o);
        c0 = f64x2.add(c0, f64x2.mul(x, v128.load(u0 + o)));
        c1 = f64x2.add(c1, f64x2.mul(x, v128.load(u1 + o)));
        c2 = f64x2.add(c2, f64x2.mul(x, v128.load(u2 + o)));
        c3 = f64x2.add(c3, f64x2.mul(x, v128.load(u3 + o)));
      }
      let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
      for (; k < i; k++) {
        const o = <usize>k << 3;
        const x = load<f64>(li + o);
        s0 += x * load<f64>(u0 + o);
        s1 += x * load<f64>(u1 + o);
        s2 += x * load<f64>(u2 + o);
        s3 += x * load<f64>(u3 + o);
      }
      const inv = -1.0 / load<f64>(li + (<usize>i << 3));
      const io = <usize>i << 3;
      store<f64>(u0 + io, s0 * inv);
      store<f64>(u1 + io, s1 * inv);
      store<f64>(u2 + io, s2 * inv);
      store<f64>(u3 + io, s3 * inv);
    }
  }
  for (; j < n; j++) {
    const uj = u + <usize>j * rs;
    store<f64>(uj + (<usize>j << 3), 1.0 / load<f64>(l + <usize>j * rs + (<usize>j << 3)));
    for (let i: i32 = j + 1; i < n; i++) {
      const li = l + <usize>i * rs;
      const s = dot(li + (<usize>j << 3), uj + (<usize>j << 3), i - j);
      store<f64>(uj + (<usize>i << 3), -s / load<f64>(li + (<usize>i << 3)));
    }
  }
}

// out = U·U^T for upper U, full symmetric: out[i][j] = sum_{k>=max(i,j)} U[i][k] U[j][k].
// 2×4 register blocks (rows i, i+1 against rows j..j+3).
export function gram(u: usize, out: usize, n: i32): void {
  const rs = <usize>n << 3;
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    const a0 = u + <usize>i * rs, a1 = a0 + rs;
    let j: i32 = 0;
    for (; j + 3 <= i + 1; j += 4) {
      const b0 = u + <usize>j * rs, b1 = b0 + rs, b2 = b1 + rs, b3 = b2 + rs;
      let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c02 = f64x2.splat(0.0), c03 = f64x2.splat(0.0);
      let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0), c12 = f64x2.splat(0.0), c13 = f64x2.splat(0.0);
      // Entries below the diagonal of U are zero, so k may start at min(i, j) = j... but rows i, i+1
      // are zero before i: start at i.
      let k: i32 = i;
      for (; k + 1 < n; k += 2) {
        const o = <usize>k << 3;
        const x0 = v128.load(a0 + o), x1 = v128.load(a1 + o);
        const y0 = v128.load(b0 + o), y1 = v128.load(b1 + o), y2 = v128.load(b2 + o), y3 = v128.load(b3 + o);
        c00 = f64x2.add(c00, f64x2.mul(x0, y0));
        c01 = f64x2.add(c01, f64x2.mul(x0, y1));
        c02 = f64x2.add(c02, f64x2.mul(x0, y2));
        c03 = f64x2.add(c03, f64x2.mul(x0, y3));
        c10 = f64x2.add(c10, f64x2.mul(x1, y0));
        c11 = f64x2.add(c11, f64x2.mul(x1, y1));
        c12 = f64x2.add(c12, f64x2.mul(x1, y2));
        c13 = f64x2.add(c13, f64x2.mul(x1, y3));
      }
      let s00 = hsum(c00), s01 = hsum(c01), s02 = hsum(c02), s03 = hsum(c03);
      let s10 = hsum(c10), s11 = hsum(c11), s12 = hsum(c12), s13 = hsum(c13);
      for (; k < n; k++) {
        const o = <usize>k << 3;
        const x0 = load<f64>(a0 + o), x1 = load<f64>(a1 + o);
        const y0 = load<f64>(b0 + o), y1 = load<f64>(b1 + o), y2 = load<f64>(b2 + o), y3 = load<f64>(b3 + o);
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      put4(out, rs, i, j, s00, s01, s02, s03);
      put4(out, rs, i + 1, j, s10, s11, s12, s13);
    }
    // Columns j..i+1 not covered by a full block of four.
    for (; j <= i + 1; j++) {
      const bj = u + <usize>j * rs;
      const k0 = <usize>i << 3;
      const v0 = dot(a0 + k0, bj + k0, n - i);
      const v1 = dot(a1 + k0, bj + k0, n - i);
      store<f64>(out + <usize>i * rs + (<usize>j << 3), v0);
      store<f64>(out + <usize>j * rs + (<usize>i << 3), v0);
      store<f64>(out + <usize>(i + 1) * rs + (<usize>j << 3), v1);
      store<f64>(out + <usize>j * rs + (<usize>(i + 1) << 3), v1);
    }
  }
  for (; i < n; i++) {
    const ai = u + <usize>i * rs;
    for (let j: i32 = 0; j <= i; j++) {
      const k0 = <usize>i << 3;
      const v = dot(ai + k0, u + <usize>j * rs + k0, n - i);
      store<f64>(out + <usize>i * rs + (<usize>j << 3), v);
      store<f64>(out + <usize>j * rs + (<usize>i << 3), v);
    }
  }
}

@inline function put4(out: usize, rs: usize, i: i32, j: i32, v0: f64, v1: f64, v2: f64, v3: f64): void {
  const r = out + <usize>i * rs + (<usize>j << 3);
  store<f64>(r, v0);
  store<f64>(r + 8, v1);
  store<f64>(r + 16, v2);
  store<f64>(r + 24, v3);
  store<f64>(out + <usize>j * rs + (<usize>i << 3), v0);
  store<f64>(out + <usize>(j + 1) * rs + (<usize>i << 3), v1);
  store<f64>(out + <usize>(j + 2) * rs + (<usize>i << 3), v2);
  store<f64>(out + <usize>(j + 3) * rs + (<usize>i << 3), v3);
}
