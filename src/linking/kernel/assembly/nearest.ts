// The similarity step's search in WebAssembly SIMD (AssemblyScript; built by tools/build-kernel.ts into
// src/linking/kernel/build/nearest.wasm): the dot product of a query with every key vector of a dictionary's
// dense index, the best kept. Key vectors are int8 (the compiled lexicon's), the query int16; products are
// summed in i32 by i32x4.dot_i16x8_s, eight at a time, then scaled by the key's float32 scale. Exact integer
// sums: 127 · 32767 · dims stays below 2^31 for dims up to 512.

// Returns the best key's index (−1 where n is 0) and writes its score (sum × the key's scale) at `out`.
// vectors: n × dims int8; scales: n float32; query: dims int16; dims a multiple of 8.
export function nearest(vectors: usize, scales: usize, n: i32, dims: i32, query: usize, out: usize): i32 {
  let best: i32 = -1;
  let bestScore: f32 = -Infinity;
  let row = vectors;
  for (let i = 0; i < n; i++) {
    let acc = i32x4.splat(0);
    for (let j = 0; j < dims; j += 8) {
      const v = v128.load8x8_s(row + <usize>j);
      const q = v128.load(query + (<usize>j << 1));
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(v, q));
    }
    const sum = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
    const s = <f32>sum * load<f32>(scales + (<usize>i << 2));
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
    row += <usize>dims;
  }
  store<f32>(out, bestScore);
  return best;
}
