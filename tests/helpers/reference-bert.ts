/**
 * A float32 BERT token-classification forward pass written plainly, loop by loop, from the checkpoint
 * tensors (HF names, HF layout). Tests only: the converted graph must agree with it.
 */
import type { FloatTensor } from '../../tools/convert/safetensors.ts';

export function referenceLogits(
  config: Record<string, unknown>,
  tensors: Record<string, FloatTensor>,
  ids: number[],
  mask: number[] = ids.map(() => 1),
): number[][] {
  const H = config.hidden_size as number;
  const nh = config.num_attention_heads as number;
  const hd = H / nh;
  const eps = config.layer_norm_eps as number;
  const layers = config.num_hidden_layers as number;
  const T = (n: string) => tensors[n].data;
  const S = ids.length;

  const layerNorm = (x: number[], g: Float32Array, b: Float32Array) => {
    const mean = x.reduce((a, v) => a + v, 0) / x.length;
    const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
    return x.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
  };
  // HF Linear: y = W x + b with W [out, in]
  const linear = (x: number[], w: Float32Array, b: Float32Array) => {
    const out = b.length;
    const y = new Array<number>(out);
    for (let o = 0; o < out; o++) {
      let s = b[o];
      for (let i = 0; i < x.length; i++) s += w[o * x.length + i] * x[i];
      y[o] = s;
    }
    return y;
  };
  const erf = (x: number) => {
    // Abramowitz-Stegun 7.1.26 is too coarse for 1e-4; use a series/continued fraction via high-precision approximation
    const t = 1 / (1 + 0.5 * Math.abs(x));
    const y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
      t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? y : -y;
  };
  const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));

  let h: number[][] = ids.map((id, p) => {
    const v = new Array<number>(H);
    for (let i = 0; i < H; i++) {
      v[i] = T('bert.embeddings.word_embeddings.weight')[id * H + i] + T('bert.embeddings.position_embeddings.weight')[p * H + i] +
        T('bert.embeddings.token_type_embeddings.weight')[i];
    }
    return layerNorm(v, T('bert.embeddings.LayerNorm.weight'), T('bert.embeddings.LayerNorm.bias'));
  });

  for (let l = 0; l < layers; l++) {
    const p = `bert.encoder.layer.${l}.`;
    const q = h.map((x) => linear(x, T(p + 'attention.self.query.weight'), T(p + 'attention.self.query.bias')));
    const k = h.map((x) => linear(x, T(p + 'attention.self.key.weight'), T(p + 'attention.self.key.bias')));
    const v = h.map((x) => linear(x, T(p + 'attention.self.value.weight'), T(p + 'attention.self.value.bias')));
    const ctx: number[][] = h.map(() => new Array<number>(H).fill(0));
    for (let head = 0; head < nh; head++) {
      for (let i = 0; i < S; i++) {
        const scores = new Array<number>(S);
        for (let j = 0; j < S; j++) {
          let s = 0;
          for (let d = 0; d < hd; d++) s += q[i][head * hd + d] * k[j][head * hd + d];
          scores[j] = s / Math.sqrt(hd) + (mask[j] ? 0 : -10000);
        }
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < S; j++) for (let d = 0; d < hd; d++) ctx[i][head * hd + d] += (e[j] / z) * v[j][head * hd + d];
      }
    }
    const attn = ctx.map((x, i) => {
      const o = linear(x, T(p + 'attention.output.dense.weight'), T(p + 'attention.output.dense.bias'));
      return layerNorm(o.map((val, d) => val + h[i][d]), T(p + 'attention.output.LayerNorm.weight'), T(p + 'attention.output.LayerNorm.bias'));
    });
    h = attn.map((x) => {
      const inter = linear(x, T(p + 'intermediate.dense.weight'), T(p + 'intermediate.dense.bias')).map(gelu);
      const o = linear(inter, T(p + 'output.dense.weight'), T(p + 'output.dense.bias'));
      return layerNorm(o.map((val, d) => val + x[d]), T(p + 'output.LayerNorm.weight'), T(p + 'output.LayerNorm.bias'));
    });
  }
  return h.map((x) => linear(x, T('classifier.weight'), T('classifier.bias')));
}
