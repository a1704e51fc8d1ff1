import { ATTENTION_MASK, INPUT_IDS, LOGITS, TOKEN_TYPE_IDS } from '../../src/model/format.ts';
import type { Checkpoint } from './checkpoint.ts';

/** A constant of the graph; its values travel in the weights manifest under the node's name. */
export interface GraphWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export interface GraphNode {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, unknown>;
}

const DT = { float32: 'DT_FLOAT', int32: 'DT_INT32' } as const;
const T_FLOAT = { T: { type: 'DT_FLOAT' } };
const shapeAttr = (dims: number[]) => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } });
const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * Builds a TensorFlow GraphDef (JSON form, as tfjs graph models store it) of BERT's forward pass for token
 * classification, using only ops that tfjs's cpu, wasm, webgl and webgpu backends all implement
 * (no Einsum). Batch and sequence length stay dynamic: shapes are computed from Shape(input_ids).
 */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly weights: GraphWeight[] = [];

  constant(name: string, data: Float32Array | Int32Array, shape: number[]): string {
    const dtype = data instanceof Int32Array ? 'int32' : 'float32';
    this.nodes.push({
      name,
      op: 'Const',
      input: [],
      attr: { dtype: { type: DT[dtype] }, value: { tensor: { dtype: DT[dtype], tensorShape: shapeAttr(shape).shape } } },
    });
    this.weights.push({ name, shape, dtype, data });
    return name;
  }

  op(name: string, op: string, input: string[], attr: Record<string, unknown> = {}): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }
}

/** Transposes a row-major [rows, cols] matrix (HF Linear weights are [out, in]; MatMul wants [in, out]). */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

export function buildBertGraph(ckpt: Checkpoint): GraphBuilder {
  const { config: c, tensors } = ckpt;
  const g = new GraphBuilder();
  const t = (name: string) => tensors.get(name)!;
  const H = c.hiddenSize;
  const heads = c.numHeads;
  const headDim = H / heads;
  const L = c.labels.length;

  // Shared constants
  const i32 = (name: string, v: number[], shape = [v.length]) => g.constant(name, new Int32Array(v), shape);
  const f32 = (name: string, v: number) => g.constant(name, new Float32Array([v]), []);
  const axisLast = i32('const/axis_last', [-1]);
  const axis0 = i32('const/axis_0', [0], []);
  const axis1 = i32('const/axis_1', [1], []);
  const one = f32('const/one', 1);
  const half = f32('const/half', 0.5);
  const invSqrt2 = f32('const/inv_sqrt2', Math.SQRT1_2);
  const maskNeg = f32('const/mask_neg', -10000);
  const eps = f32('const/layer_norm_eps', c.layerNormEps);
  const flatH = i32('const/flat_hidden', [-1, H]);
  const perm0213 = i32('const/perm_0213', [0, 2, 1, 3]);
  const perm0231 = i32('const/perm_0231', [0, 2, 3, 1]);

  // Inputs
  const inputAttr = { dtype: { type: 'DT_INT32' }, ...{ shape: shapeAttr([-1, -1]) } };
  const ids = g.op(INPUT_IDS, 'Placeholder', [], inputAttr);
  const mask = g.op(ATTENTION_MASK, 'Placeholder', [], inputAttr);
  // Unfed, token types default to a constant [[0]] whose embedding broadcasts over [batch, seq]. (A computed
  // default such as ZerosLike(input_ids) is freed too early by tfjs's executor when the input is not fed.)
  const types = g.op(TOKEN_TYPE_IDS, 'PlaceholderWithDefault', [i32('const/token_type_default', [0], [1, 1])], inputAttr);

  // Dynamic shapes
  const bs = g.op('shape/batch_seq', 'Shape', [ids], { out_type: { type: 'DT_INT32' } });
  const seqLen = g.op('shape/seq_len', 'StridedSlice', [bs, i32('const/s1', [1]), i32('const/s2', [2]), i32('const/s_step', [1])], {
    Index: { type: 'DT_INT32' }, T: { type: 'DT_INT32' }, shrink_axis_mask: { i: '1' },
  });
  const concat = (name: string, a: string, b: string) => g.op(name, 'ConcatV2', [a, b, axis0], { N: { i: '2' }, T: { type: 'DT_INT32' } });
  const headsShape = concat('shape/heads', bs, i32('const/heads_dims', [heads, headDim]));
  const logitsShape = concat('shape/logits', bs, i32('const/labels_dim', [L]));

  const layerNorm = (p: string, x: string, weight: string) => {
    const gamma = g.constant(`${p}/gamma`, t(`${weight}.weight`).data, [H]);
    const beta = g.constant(`${p}/beta`, t(`${weight}.bias`).data, [H]);
    const mean = g.op(`${p}/mean`, 'Mean', [x, axisLast], { keep_dims: { b: true }, ...T_FLOAT });
    const d = g.op(`${p}/centered`, 'Sub', [x, mean], T_FLOAT);
    const v = g.op(`${p}/variance`, 'Mean', [g.op(`${p}/sq`, 'Square', [d], T_FLOAT), axisLast], { keep_dims: { b: true }, ...T_FLOAT });
    const inv = g.op(`${p}/rsqrt`, 'Rsqrt', [g.op(`${p}/var_eps`, 'AddV2', [v, eps], T_FLOAT)], T_FLOAT);
    const scaled = g.op(`${p}/scaled`, 'Mul', [g.op(`${p}/normed`, 'Mul', [d, inv], T_FLOAT), gamma], T_FLOAT);
    return g.op(`${p}/out`, 'AddV2', [scaled, beta], T_FLOAT);
  };
  // x [N, in] times an HF Linear (weight [out, in]) plus bias, as one fused op; `scale` folds a constant factor in.
  const dense = (p: string, x: string, weight: string, scale = 1) => {
    const w = t(`${weight}.weight`);
    const [out, inp] = w.shape;
    const kernel = transpose(w.data, out, inp);
    const bias = Float32Array.from(t(`${weight}.bias`).data);
    if (scale !== 1) {
      for (let i = 0; i < kernel.length; i++) kernel[i] *= scale;
      for (let i = 0; i < bias.length; i++) bias[i] *= scale;
    }
    const k = g.constant(`${p}/kernel`, kernel, [inp, out]);
    const b = g.constant(`${p}/bias`, bias, [out]);
    return g.op(`${p}/matmul`, '_FusedMatMul', [x, k, b], {
      num_args: { i: '1' }, fused_ops: { list: { s: [base64('BiasAdd')] } },
      transpose_a: { b: false }, transpose_b: { b: false }, ...T_FLOAT,
    });
  };

  // Embeddings
  const gather = (p: string, table: string, shape: number[], idx: string) =>
    g.op(`${p}/gather`, 'GatherV2', [g.constant(p, t(table).data, shape), idx, axis0], {
      Tparams: { type: 'DT_FLOAT' }, Tindices: { type: 'DT_INT32' }, Taxis: { type: 'DT_INT32' }, batch_dims: { i: '0' },
    });
  const positions = g.op('embeddings/position_ids', 'Range', [i32('const/zero', [0], []), seqLen, i32('const/one_i', [1], [])], { Tidx: { type: 'DT_INT32' } });
  const word = gather('embeddings/word_embeddings', 'embeddings.word_embeddings.weight', [c.vocabSize, H], ids);
  const pos = gather('embeddings/position_embeddings', 'embeddings.position_embeddings.weight', [c.maxPositions, H], positions);
  const typ = gather('embeddings/token_type_embeddings', 'embeddings.token_type_embeddings.weight', [c.typeVocabSize, H], types);
  const summed = g.op('embeddings/sum', 'AddV2', [g.op('embeddings/word_pos', 'AddV2', [word, pos], T_FLOAT), typ], T_FLOAT);
  const flat = g.op('embeddings/flat', 'Reshape', [summed, flatH], { T: { type: 'DT_FLOAT' } });
  let h = layerNorm('embeddings/LayerNorm', flat, 'embeddings.LayerNorm');

  // Attention bias: 0 where attended, -10000 where padded; [batch, 1, 1, seq]
  const maskF = g.op('mask/float', 'Cast', [mask], { SrcT: { type: 'DT_INT32' }, DstT: { type: 'DT_FLOAT' }, Truncate: { b: false } });
  const maskBias = g.op('mask/bias', 'Mul', [g.op('mask/inverted', 'Sub', [one, maskF], T_FLOAT), maskNeg], T_FLOAT);
  const maskBias4 = g.op('mask/bias4', 'ExpandDims', [g.op('mask/bias3', 'ExpandDims', [maskBias, axis1], {}), axis1], {});

  const splitHeads = (p: string, x: string, perm: string) =>
    g.op(`${p}/heads`, 'Transpose', [g.op(`${p}/split`, 'Reshape', [x, headsShape], {}), perm], { Tperm: { type: 'DT_INT32' }, ...T_FLOAT });

  for (let i = 0; i < c.numLayers; i++) {
    const p = `encoder/layer_${i}`;
    const w = `encoder.layer.${i}`;
    // The 1/sqrt(headDim) score scale is folded into the query projection.
    const q = splitHeads(`${p}/query`, dense(`${p}/attention/query`, h, `${w}.attention.self.query`, 1 / Math.sqrt(headDim)), perm0213);
    const k = splitHeads(`${p}/key`, dense(`${p}/attention/key`, h, `${w}.attention.self.key`), perm0231);
    const v = splitHeads(`${p}/value`, dense(`${p}/attention/value`, h, `${w}.attention.self.value`), perm0213);
    const scores = g.op(`${p}/attention/scores`, 'BatchMatMulV2', [q, k], { adj_x: { b: false }, adj_y: { b: false }, ...T_FLOAT });
    const probs = g.op(`${p}/attention/probs`, 'Softmax', [g.op(`${p}/attention/masked`, 'AddV2', [scores, maskBias4], T_FLOAT)], T_FLOAT);
    const ctx = g.op(`${p}/attention/context`, 'BatchMatMulV2', [probs, v], { adj_x: { b: false }, adj_y: { b: false }, ...T_FLOAT });
    const merged = g.op(`${p}/attention/merged`, 'Reshape', [
      g.op(`${p}/attention/context_t`, 'Transpose', [ctx, perm0213], { Tperm: { type: 'DT_INT32' }, ...T_FLOAT }), flatH,
    ], {});
    const attnOut = dense(`${p}/attention/output`, merged, `${w}.attention.output.dense`);
    h = layerNorm(`${p}/attention/LayerNorm`, g.op(`${p}/attention/residual`, 'AddV2', [attnOut, h], T_FLOAT), `${w}.attention.output.LayerNorm`);
    // GELU, exact: 0.5 x (1 + erf(x / sqrt 2))
    const pre = dense(`${p}/intermediate`, h, `${w}.intermediate.dense`);
    const erf = g.op(`${p}/gelu/erf`, 'Erf', [g.op(`${p}/gelu/scaled`, 'Mul', [pre, invSqrt2], T_FLOAT)], T_FLOAT);
    const gelu = g.op(`${p}/gelu/out`, 'Mul', [g.op(`${p}/gelu/x1p`, 'Mul', [pre, g.op(`${p}/gelu/1p`, 'AddV2', [erf, one], T_FLOAT)], T_FLOAT), half], T_FLOAT);
    const out = dense(`${p}/output`, gelu, `${w}.output.dense`);
    h = layerNorm(`${p}/output/LayerNorm`, g.op(`${p}/output/residual`, 'AddV2', [out, h], T_FLOAT), `${w}.output.LayerNorm`);
  }

  const flatLogits = dense('classifier', h, 'classifier');
  const logits = g.op('classifier/logits', 'Reshape', [flatLogits, logitsShape], {});
  g.op(LOGITS, 'Identity', [logits], T_FLOAT);
  return g;
}
