/**
 * Rewrites a tagger folder converted before the recurrent matrices were kept apart (`lstmRecurrent` as one
 * block-diagonal [2H, 8H] matrix) into today's format ([2, H, 4H], src/model/format.ts), from its stored
 * bytes: the diagonal blocks keep their codes and their quantization (scale, min), the off-diagonal "zeros"
 * (−5.94e-4 under uint8, which has no exact zero) are dropped, and every reader now treats them as exact 0.
 * Used once for the shipped model, whose float32 training export is not in the repository.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES, type TaggerMetadata } from '../../src/model/format.ts';
import { rewriteModelFiles } from './convert.ts';
import { ConversionError } from './errors.ts';
import { shard } from './weights.ts';

interface Spec { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }
const ELEMENT_BYTES: Record<string, number> = { uint8: 1, float16: 2 };

export function splitRecurrent(dir: string): { removedBytes: number } {
  const json = JSON.parse(readFileSync(join(dir, MODEL_FILES.graph), 'utf8'));
  const meta = json.userDefinedMetadata as TaggerMetadata;
  const group = json.weightsManifest[0] as { paths: string[]; weights: Spec[] };
  if (json.weightsManifest.length !== 1) throw new ConversionError('expected one weight group');
  const spec = group.weights.find((w) => w.name === 'lstmRecurrent');
  const H = meta.hidden;
  if (!spec || spec.shape.join() !== [2 * H, 8 * H].join()) throw new ConversionError(`lstmRecurrent is ${spec ? `[${spec.shape}]` : 'missing'}: nothing to split`);
  const data = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const w of group.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1) * (w.quantization ? ELEMENT_BYTES[w.quantization.dtype] : 4);
    const bytes = data.subarray(offset, offset + size);
    offset += size;
    if (w !== spec) {
      parts.push(bytes);
      continue;
    }
    const e = size / (2 * H * 8 * H);
    const out = new Uint8Array(2 * H * 4 * H * e);
    for (let d = 0; d < 2; d++) {
      for (let r = 0; r < H; r++) {
        for (let k = 0; k < 4; k++) {
          const src = ((d * H + r) * 8 * H + k * 2 * H + d * H) * e;
          out.set(bytes.subarray(src, src + H * e), ((d * H + r) * 4 * H + k * H) * e);
        }
      }
    }
    parts.push(out);
    w.shape = [2, H, 4 * H];
  }
  if (offset !== data.length) throw new ConversionError(`the weights take ${offset} bytes, the shards ${data.length}`);
  const all = Buffer.concat(parts);
  meta.parameters -= 2 * H * 4 * H;
  const oldShards = new Set(group.paths);
  for (const p of oldShards) rmSync(join(dir, p));
  const shards = shard(all);
  group.paths = shards.map((s) => s.name);
  // The card's parameter count and file table follow; its measured part is kept as it is.
  rewriteModelFiles(dir, [[MODEL_FILES.graph, JSON.stringify(json)], ...shards.map((s): [string, Uint8Array] => [s.name, s.bytes])],
    (name) => oldShards.has(name), (head) => head.replace(/^Parameters: [\d,]+\./m, `Parameters: ${meta.parameters.toLocaleString('en-US')}.`));
  return { removedBytes: data.length - all.length };
}
