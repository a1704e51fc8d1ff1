// The tagger's network in WebAssembly SIMD (AssemblyScript; built by tools/build-kernel.ts into
// src/model/kernel/build/bilstm-{simd,relaxed}.wasm, the second with relaxed-SIMD FMA). The JavaScript side
// (src/model/kernel/bilstm-kernel.ts) lays out memory, packs the weights once and calls these per batch:
// features → gemm (input projection) → lstm (each direction, the whole step loop here) → gemm (emissions).
//
// Conventions: every pointer is a byte address in this module's memory; matrices are f32, row-major, with
// strides in floats. No function allocates. Loads need no alignment (v128 loads never trap on it).
//
// Packed B (`packGemmNr8` in bilstm-kernel.ts): columns in panels of 8, panel j holding K rows of 8 floats,
// B[k][8j..8j+8) at bp + (j·K + k)·32. N must be a multiple of 8 (the packer pads with zero columns).

// a·b + c: one fused multiply-add where the build has relaxed SIMD, else a multiply and an add.
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

// Register tiles: rows × columns of accumulators, started from the init rows, over k, stored to the output
// rows. Row pointers (a*, i*, o*) are byte addresses already at the tile's first column; `p` a panel.

@inline function tile4x8(a0: usize, a1: usize, a2: usize, a3: usize, i0: usize, i1: usize, i2: usize, i3: usize,
  p: usize, k: i32, o0: usize, o1: usize, o2: usize, o3: usize): void {
  let c00 = v128.load(i0), c01 = v128.load(i0, 16);
  let c10 = v128.load(i1), c11 = v128.load(i1, 16);
  let c20 = v128.load(i2), c21 = v128.load(i2, 16);
  let c30 = v128.load(i3), c31 = v128.load(i3, 16);
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    const off = <usize>kk << 2;
    // One row's splat live at a time: 8 accumulators, 2 panel vectors and 2 temporaries fit the 16 registers.
    let x = v128.load32_splat(a0 + off);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1 + off);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2 + off);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3 + off);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    p += 32;
  }
  v128.store(o0, c00); v128.store(o0, c01, 16);
  v128.store(o1, c10); v128.store(o1, c11, 16);
  v128.store(o2, c20); v128.store(o2, c21, 16);
  v128.store(o3, c30); v128.store(o3, c31, 16);
}

@inline function tile3x8(a0: usize, a1: usize, a2: usize, i0: usize, i1: usize, i2: usize, p: usize, k: i32, o0: usize, o1: usize, o2: usize): void {
  let c00 = v128.load(i0), c01 = v128.load(i0, 16);
  let c10 = v128.load(i1), c11 = v128.load(i1, 16);
  let c20 = v128.load(i2), c21 = v128.load(i2, 16);
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    const off = <usize>kk << 2;
    let x = v128.load32_splat(a0 + off);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1 + off);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2 + off);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    p += 32;
  }
  v128.store(o0, c00); v128.store(o0, c01, 16);
  v128.store(o1, c10); v128.store(o1, c11, 16);
  v128.store(o2, c20); v128.store(o2, c21, 16);
}

// Two rows over two panels (16 columns): 8 accumulators, as many independent chains as the 4×8 tile.
@inline function tile2x16(a0: usize, a1: usize, i0: usize, i1: usize, p: usize, q: usize, k: i32, o0: usize, o1: usize): void {
  let c00 = v128.load(i0), c01 = v128.load(i0, 16), c02 = v128.load(i0, 32), c03 = v128.load(i0, 48);
  let c10 = v128.load(i1), c11 = v128.load(i1, 16), c12 = v128.load(i1, 32), c13 = v128.load(i1, 48);
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16), b2 = v128.load(q), b3 = v128.load(q, 16);
    const off = <usize>kk << 2;
    let x = v128.load32_splat(a0 + off);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01); c02 = madd(x, b2, c02); c03 = madd(x, b3, c03);
    x = v128.load32_splat(a1 + off);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11); c12 = madd(x, b2, c12); c13 = madd(x, b3, c13);
    p += 32;
    q += 32;
  }
  v128.store(o0, c00); v128.store(o0, c01, 16); v128.store(o0, c02, 32); v128.store(o0, c03, 48);
  v128.store(o1, c10); v128.store(o1, c11, 16); v128.store(o1, c12, 32); v128.store(o1, c13, 48);
}

// One row over four panels (32 columns): 8 independent chains instead of 2.
@inline function tile1x32(a0: usize, i0: usize, p: usize, pk: usize, k: i32, o0: usize): void {
  let c0 = v128.load(i0), c1 = v128.load(i0, 16), c2 = v128.load(i0, 32), c3 = v128.load(i0, 48);
  let c4 = v128.load(i0, 64), c5 = v128.load(i0, 80), c6 = v128.load(i0, 96), c7 = v128.load(i0, 112);
  for (let kk = 0; kk < k; kk++) {
    const x = v128.load32_splat(a0 + (<usize>kk << 2));
    c0 = madd(x, v128.load(p), c0); c1 = madd(x, v128.load(p, 16), c1);
    c2 = madd(x, v128.load(p + pk), c2); c3 = madd(x, v128.load(p + pk, 16), c3);
    c4 = madd(x, v128.load(p + 2 * pk), c4); c5 = madd(x, v128.load(p + 2 * pk, 16), c5);
    c6 = madd(x, v128.load(p + 3 * pk), c6); c7 = madd(x, v128.load(p + 3 * pk, 16), c7);
    p += 32;
  }
  v128.store(o0, c0); v128.store(o0, c1, 16); v128.store(o0, c2, 32); v128.store(o0, c3, 48);
  v128.store(o0, c4, 64); v128.store(o0, c5, 80); v128.store(o0, c6, 96); v128.store(o0, c7, 112);
}

@inline function tile1x8(a0: usize, i0: usize, p: usize, k: i32, o0: usize): void {
  let c0 = v128.load(i0), c1 = v128.load(i0, 16);
  for (let kk = 0; kk < k; kk++) {
    const x = v128.load32_splat(a0 + (<usize>kk << 2));
    c0 = madd(x, v128.load(p), c0);
    c1 = madd(x, v128.load(p, 16), c1);
    p += 32;
  }
  v128.store(o0, c0); v128.store(o0, c1, 16);
}

/**
 * C[r][0..n) = init_r[0..n) + A[r][0..k) · B for r < m, where init_r is the f32 row at the byte address
 * init[r] (an i32 array): the input projection starts from its casing-and-bias row, a recurrence step from the
 * word's input projection, the emissions from their bias. Columns go in blocks of 4 panels (32), outermost, so
 * the block's panels stay in cache while the rows pass: 4-row tiles, then the last m % 4 rows as one 3×8, 2×16
 * or 1×32 tile, so even a step with one sentence left keeps 6–8 accumulator chains busy. Columns past the last
 * whole block go panel by panel.
 */
export function gemm(a: usize, lda: i32, m: i32, k: i32, bp: usize, n: i32, c: usize, ldc: i32, init: usize): void {
  const panels = n >> 3;
  const pk = <usize>k << 5; // bytes of one panel
  const full = m & ~3;
  const rem = m - full;
  let j = 0;
  for (; j + 4 <= panels; j += 4) {
    const block = bp + <usize>j * pk;
    const col = j << 3;
    for (let q = 0; q < 4; q++) {
      const cq = col + (q << 3);
      for (let r = 0; r < full; r += 4) {
        tile4x8(at(a, r * lda), at(a, (r + 1) * lda), at(a, (r + 2) * lda), at(a, (r + 3) * lda),
          initRow(init, r, cq), initRow(init, r + 1, cq), initRow(init, r + 2, cq), initRow(init, r + 3, cq),
          block + <usize>q * pk, k, at(c, r * ldc + cq), at(c, (r + 1) * ldc + cq), at(c, (r + 2) * ldc + cq), at(c, (r + 3) * ldc + cq));
      }
    }
    const r = full;
    if (rem == 3) {
      for (let q = 0; q < 4; q++) {
        const cq = col + (q << 3);
        tile3x8(at(a, r * lda), at(a, (r + 1) * lda), at(a, (r + 2) * lda), initRow(init, r, cq), initRow(init, r + 1, cq), initRow(init, r + 2, cq),
          block + <usize>q * pk, k, at(c, r * ldc + cq), at(c, (r + 1) * ldc + cq), at(c, (r + 2) * ldc + cq));
      }
    } else if (rem == 2) {
      for (let q = 0; q < 4; q += 2) {
        const cq = col + (q << 3);
        tile2x16(at(a, r * lda), at(a, (r + 1) * lda), initRow(init, r, cq), initRow(init, r + 1, cq),
          block + <usize>q * pk, block + <usize>(q + 1) * pk, k, at(c, r * ldc + cq), at(c, (r + 1) * ldc + cq));
      }
    } else if (rem == 1) {
      tile1x32(at(a, r * lda), initRow(init, r, col), block, pk, k, at(c, r * ldc + col));
    }
  }
  for (; j < panels; j++) {
    const panel = bp + <usize>j * pk;
    const col = j << 3;
    let r = 0;
    for (; r < full; r += 4) {
      tile4x8(at(a, r * lda), at(a, (r + 1) * lda), at(a, (r + 2) * lda), at(a, (r + 3) * lda),
        initRow(init, r, col), initRow(init, r + 1, col), initRow(init, r + 2, col), initRow(init, r + 3, col),
        panel, k, at(c, r * ldc + col), at(c, (r + 1) * ldc + col), at(c, (r + 2) * ldc + col), at(c, (r + 3) * ldc + col));
    }
    for (; r < m; r++) tile1x8(at(a, r * lda), initRow(init, r, col), panel, k, at(c, r * ldc + col));
  }
}

/** The init row of output row r, at column col. */
@inline function initRow(init: usize, r: i32, col: i32): usize {
  return at(<usize>load<i32>(at(init, r)), col);
}

// e^x for four lanes: Cephes' expf (range reduction by ln 2 in two parts, a degree-6 polynomial, the exponent
// put back through the bits); relative error about 2e-7 over [-87, 88], inputs clamped to that range.
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(f32x4.mul(p, r), r, r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

// tanh(x) = 2·sigmoid(2x) − 1 (absolute error ~1e-7 near 0, where the relative error grows).
@inline function tanh4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const two = f32x4.splat(2.0);
  return f32x4.sub(f32x4.div(two, f32x4.add(one, exp4(f32x4.mul(x, f32x4.splat(-2.0))))), one);
}

/**
 * Per word (n of them): x[w][0..wordDim) its word embedding, x[w][wordDim..wordDim+filters) the character
 * CNN max-pooled over its real characters. Word rows: uint8 with a 256-entry f32 table (wordBytes 1) or f32
 * (wordBytes 4); id 0 (padding) is a zero vector, as in training. The CNN reads a per-character, per-tap table
 * charTab[(char·width + tap)·fp + f] (each character's embedding already multiplied by that tap's filter; fp =
 * filters rounded up to 4, padding zero): its pre-activation at character p is bias + Σ_tap charTab[c(p+tap−1)],
 * characters outside the word (and id 0) adding nothing, as 'same' zero padding does. tanh is monotonic, so the
 * max is taken before it; the result is at least −1 (a word of no characters gives −1s, as in training).
 */
export function features(words: usize, chars: usize, charLen: i32, n: i32, wordTab: usize, wordBytes: i32, lut: usize, wordDim: i32,
  charTab: usize, width: i32, fp: i32, charBias: usize, filters: i32, x: usize, ldx: i32): void {
  const half = width >> 1;
  for (let w = 0; w < n; w++) {
    const row = at(x, w * ldx);
    const id = load<i32>(at(words, w));
    if (id == 0) {
      memory.fill(row, 0, <usize>wordDim << 2);
    } else if (wordBytes == 1) {
      const src = wordTab + <usize>(id * wordDim);
      for (let d = 0; d < wordDim; d++) store<f32>(at(row, d), load<f32>(at(lut, <i32>load<u8>(src + <usize>d))));
    } else {
      memory.copy(row, at(wordTab, id * wordDim), <usize>wordDim << 2);
    }
    const cs = at(chars, w * charLen);
    let nc = 0;
    while (nc < charLen && load<i32>(at(cs, nc)) != 0) nc++;
    const out = at(row, wordDim);
    for (let f = 0; f < fp; f += 4) {
      let best = f32x4.splat(-Infinity);
      const bias = v128.load(at(charBias, f));
      for (let p = 0; p < nc; p++) {
        let acc = bias;
        for (let tap = 0; tap < width; tap++) {
          const q = p + tap - half;
          if (q < 0 || q >= nc) continue;
          acc = f32x4.add(acc, v128.load(at(charTab, (load<i32>(at(cs, q)) * width + tap) * fp + f)));
        }
        best = f32x4.max(best, acc);
      }
      const v = f32x4.max(tanh4(best), f32x4.splat(-1.0));
      if (f + 4 <= filters) {
        v128.store(at(out, f), v);
      } else {
        for (let l = 0; l < filters - f; l++) store<f32>(at(out, f + l), lane(v, l));
      }
    }
  }
}

@inline function lane(v: v128, l: i32): f32 {
  if (l == 0) return f32x4.extract_lane(v, 0);
  if (l == 1) return f32x4.extract_lane(v, 1);
  if (l == 2) return f32x4.extract_lane(v, 2);
  return f32x4.extract_lane(v, 3);
}

/**
 * One LSTM direction over m sentences at once, the whole step loop here. Sentence r has lens[r] words (lens
 * sorted longest first, so the sentences still running at step t are a prefix) starting at word offs[r] of
 * the projection p (rows of ldp floats; this direction's 4h gate columns from float poff: input, forget,
 * output, cell, each h wide). The forward direction reads word t at step t, the backward one word
 * lens[r]−1−t. wp: the direction's recurrent matrix [h, 4h], packed for `gemm`, or with `int16` for `gemm16`.
 * h: [m][h] state, float32, or with `int16` the hidden values (all in (−1, 1)) as int16 at the fixed scale
 * 1/32767, the GEMM's scale then m slots of wScale/32767 and its offset m slots of wOffset·Σh (scale and
 * offset are unused otherwise). cs: [m][h] cell state; g: [m][4h] scratch; init: m i32 slots. Each word's
 * hidden state goes to out[word·ldo + ooff ..) as float32.
 */
export function lstm(p: usize, ldp: i32, poff: i32, hidden: i32, lens: usize, offs: usize, m: i32, steps: i32, wp: usize, reverse: i32,
  h: usize, cs: usize, g: usize, init: usize, out: usize, ldo: i32, ooff: i32, int16: i32, scale: usize, offset: usize, wScale: f32, wOffset: f32): void {
  const g4 = hidden << 2;
  memory.fill(h, 0, <usize>(m * hidden) << (int16 ? 1 : 2));
  memory.fill(cs, 0, <usize>(m * hidden) << 2);
  if (int16) {
    for (let r = 0; r < m; r++) {
      store<f32>(at(scale, r), wScale / 32767);
      store<f32>(at(offset, r), 0);
    }
  }
  const q = f32x4.splat(32767);
  let active = m;
  for (let t = 0; t < steps; t++) {
    while (active > 0 && load<i32>(at(lens, active - 1)) <= t) active--;
    if (active == 0) break;
    for (let r = 0; r < active; r++) {
      const len = load<i32>(at(lens, r));
      const word = load<i32>(at(offs, r)) + (reverse ? len - 1 - t : t);
      store<i32>(at(init, r), <i32>at(p, word * ldp + poff));
    }
    if (int16) gemm16(h, hidden, active, hidden >> 1, wp, g4, g, g4, init, scale, offset);
    else gemm(h, hidden, active, hidden, wp, g4, g, g4, init);
    for (let r = 0; r < active; r++) {
      const len = load<i32>(at(lens, r));
      const word = load<i32>(at(offs, r)) + (reverse ? len - 1 - t : t);
      const gr = at(g, r * g4);
      const cr = at(cs, r * hidden);
      const orow = at(out, word * ldo + ooff);
      let sum = f32x4.splat(0);
      for (let u = 0; u < hidden; u += 4) {
        const i = sigmoid4(v128.load(at(gr, u)));
        const f = sigmoid4(v128.load(at(gr, hidden + u)));
        const o = sigmoid4(v128.load(at(gr, 2 * hidden + u)));
        const z = tanh4(v128.load(at(gr, 3 * hidden + u)));
        const c = madd(f, v128.load(at(cr, u)), f32x4.mul(i, z));
        const hn = f32x4.mul(o, tanh4(c));
        v128.store(at(cr, u), c);
        v128.store(at(orow, u), hn);
        if (int16) {
          const hq = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(hn, q)));
          v128.store64_lane(h + (<usize>(r * hidden + u) << 1), i16x8.narrow_i32x4_s(hq, hq), 0);
          sum = f32x4.add(sum, hn);
        } else {
          v128.store(at(h, r * hidden + u), hn);
        }
      }
      if (int16) {
        const total = f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3);
        store<f32>(at(offset, r), wOffset * total);
      }
    }
  }
}

/** Sets n i32 slots at `init` to the same address (the emissions start every row from the bias). */
export function fillInit(init: usize, n: i32, address: i32): void {
  for (let r = 0; r < n; r++) store<i32>(at(init, r), address);
}

// ---- The int16 path: a uint8 model's weight codes as signed int16 (code − 128), activations as int16, products
// summed in i32 by i32x4.dot_i16x8_s. A weight is code·s + min = (code − 128)·s + c with c = min + 128·s, so
// Σ x·w = s·Σ x·(code − 128) + c·Σ x: the GEMM's epilogue takes each row's scale (s times the row's activation
// scale) and offset (c·Σ x) and adds the init row. Half the bytes of float32 per weight, so a direction's
// recurrent panels (320 kB) stay in L2 across the steps.
//
// Packed B16 (`packGemm16Nr8` in bilstm-kernel.ts): panels of 8 columns, each holding k/2 pairs of rows; pair
// p is two v128: [w(2p, c), w(2p+1, c)] for columns c = 8j..8j+3, then 8j+4..8j+7. A is int16 rows of even
// length; `k2` counts the pairs.

@inline function dot(x: v128, b: v128, acc: v128): v128 {
  return i32x4.add(acc, i32x4.dot_i16x8_s(x, b));
}

/** out = acc·scale + offset + init (four columns). */
@inline function epilogue(acc: v128, scale: v128, offset: v128, init: usize, out: usize): void {
  v128.store(out, f32x4.add(madd(f32x4.convert_i32x4_s(acc), scale, offset), v128.load(init)));
}

@inline function tile16x4x8(a: usize, lda: i32, r: i32, init: usize, col: i32, p: usize, k2: i32, c: usize, ldc: i32, scale: usize, offset: usize): void {
  const a0 = a + (<usize>(r * lda) << 1), a1 = a0 + (<usize>lda << 1), a2 = a1 + (<usize>lda << 1), a3 = a2 + (<usize>lda << 1);
  let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c10 = i32x4.splat(0), c11 = i32x4.splat(0);
  let c20 = i32x4.splat(0), c21 = i32x4.splat(0), c30 = i32x4.splat(0), c31 = i32x4.splat(0);
  for (let pp = 0; pp < k2; pp++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    const off = <usize>pp << 2;
    let x = v128.load32_splat(a0 + off);
    c00 = dot(x, b0, c00); c01 = dot(x, b1, c01);
    x = v128.load32_splat(a1 + off);
    c10 = dot(x, b0, c10); c11 = dot(x, b1, c11);
    x = v128.load32_splat(a2 + off);
    c20 = dot(x, b0, c20); c21 = dot(x, b1, c21);
    x = v128.load32_splat(a3 + off);
    c30 = dot(x, b0, c30); c31 = dot(x, b1, c31);
    p += 32;
  }
  row16(c00, c01, r, init, col, c, ldc, scale, offset);
  row16(c10, c11, r + 1, init, col, c, ldc, scale, offset);
  row16(c20, c21, r + 2, init, col, c, ldc, scale, offset);
  row16(c30, c31, r + 3, init, col, c, ldc, scale, offset);
}

/** Row r's 8 columns from `col`: the epilogue of its two accumulators. */
@inline function row16(lo: v128, hi: v128, r: i32, init: usize, col: i32, c: usize, ldc: i32, scale: usize, offset: usize): void {
  const s = v128.load32_splat(at(scale, r));
  const f = v128.load32_splat(at(offset, r));
  const i = initRow(init, r, col);
  const o = at(c, r * ldc + col);
  epilogue(lo, s, f, i, o);
  epilogue(hi, s, f, i + 16, o + 16);
}

// One row over four panels (32 columns): 8 accumulator chains for the steps where one sentence is left.
@inline function tile16x1x32(a: usize, lda: i32, r: i32, init: usize, col: i32, p: usize, pk: usize, k2: i32, c: usize, ldc: i32, scale: usize, offset: usize): void {
  const a0 = a + (<usize>(r * lda) << 1);
  let c0 = i32x4.splat(0), c1 = i32x4.splat(0), c2 = i32x4.splat(0), c3 = i32x4.splat(0);
  let c4 = i32x4.splat(0), c5 = i32x4.splat(0), c6 = i32x4.splat(0), c7 = i32x4.splat(0);
  for (let pp = 0; pp < k2; pp++) {
    const x = v128.load32_splat(a0 + (<usize>pp << 2));
    c0 = dot(x, v128.load(p), c0); c1 = dot(x, v128.load(p, 16), c1);
    c2 = dot(x, v128.load(p + pk), c2); c3 = dot(x, v128.load(p + pk, 16), c3);
    c4 = dot(x, v128.load(p + 2 * pk), c4); c5 = dot(x, v128.load(p + 2 * pk, 16), c5);
    c6 = dot(x, v128.load(p + 3 * pk), c6); c7 = dot(x, v128.load(p + 3 * pk, 16), c7);
    p += 32;
  }
  row16(c0, c1, r, init, col, c, ldc, scale, offset);
  row16(c2, c3, r, init, col + 8, c, ldc, scale, offset);
  row16(c4, c5, r, init, col + 16, c, ldc, scale, offset);
  row16(c6, c7, r, init, col + 24, c, ldc, scale, offset);
}

@inline function tile16x1x8(a: usize, lda: i32, r: i32, init: usize, col: i32, p: usize, k2: i32, c: usize, ldc: i32, scale: usize, offset: usize): void {
  const a0 = a + (<usize>(r * lda) << 1);
  let c0 = i32x4.splat(0), c1 = i32x4.splat(0);
  for (let pp = 0; pp < k2; pp++) {
    const x = v128.load32_splat(a0 + (<usize>pp << 2));
    c0 = dot(x, v128.load(p), c0);
    c1 = dot(x, v128.load(p, 16), c1);
    p += 32;
  }
  row16(c0, c1, r, init, col, c, ldc, scale, offset);
}

/**
 * C[r][0..n) = init_r + scale[r]·(A16[r] · B16) + offset[r], A16 int16 rows of 2·k2 values (lda in int16s), B16
 * packed as above; `scale` and `offset` f32 per row. Column blocks of four panels outermost, as in `gemm`;
 * 4-row tiles, then each remaining row as a 1×32 tile.
 */
export function gemm16(a: usize, lda: i32, m: i32, k2: i32, bp: usize, n: i32, c: usize, ldc: i32, init: usize, scale: usize, offset: usize): void {
  const panels = n >> 3;
  const pk = <usize>k2 << 5;
  const full = m & ~3;
  let j = 0;
  for (; j + 4 <= panels; j += 4) {
    const block = bp + <usize>j * pk;
    const col = j << 3;
    for (let q = 0; q < 4; q++) {
      for (let r = 0; r < full; r += 4) tile16x4x8(a, lda, r, init, col + (q << 3), block + <usize>q * pk, k2, c, ldc, scale, offset);
    }
    for (let r = full; r < m; r++) tile16x1x32(a, lda, r, init, col, block, pk, k2, c, ldc, scale, offset);
  }
  for (; j < panels; j++) {
    const panel = bp + <usize>j * pk;
    const col = j << 3;
    let r = 0;
    for (; r < full; r += 4) tile16x4x8(a, lda, r, init, col, panel, k2, c, ldc, scale, offset);
    for (; r < m; r++) tile16x1x8(a, lda, r, init, col, panel, k2, c, ldc, scale, offset);
  }
}

/**
 * Each of n rows of x (f32, k values, stride ldx) as int16 at its own scale (its largest magnitude to 32767),
 * into x16 (stride ld16 ≥ k rounded up to even, the pad zero); scale[r] = wScale × the row's scale, offset[r]
 * = wOffset × Σ x[r] (the epilogue's terms for weights code·wScale + wOffset).
 */
export function quantizeRows(x: usize, ldx: i32, n: i32, k: i32, x16: usize, ld16: i32, scale: usize, offset: usize, wScale: f32, wOffset: f32): void {
  for (let r = 0; r < n; r++) {
    const row = at(x, r * ldx);
    let m: f32 = 0;
    let sum: f32 = 0;
    for (let i = 0; i < k; i++) {
      const v = load<f32>(at(row, i));
      m = max(m, abs(v));
      sum += v;
    }
    const s: f32 = m > 0 ? m / 32767 : 1;
    const inv: f32 = 1 / s;
    const out = x16 + (<usize>(r * ld16) << 1);
    for (let i = 0; i < k; i++) store<i16>(out + (<usize>i << 1), <i16>(<i32>nearest(load<f32>(at(row, i)) * inv)));
    for (let i = k; i < ld16; i++) store<i16>(out + (<usize>i << 1), 0);
    store<f32>(at(scale, r), wScale * s);
    store<f32>(at(offset, r), wOffset * sum);
  }
}
