/**
 * npm run convert -- <checkpoint-dir> --out public/models/<id> [--quantize uint8|float16|none] [--card-extra FILE]
 *
 * Turns a Hugging Face BertForTokenClassification checkpoint (config.json with id2label, model.safetensors,
 * vocab.txt), or the CRF tagger that training/train_tagger.py exports (tagger.json, tagger.safetensors),
 * into the app's browser model folder. The kind is told by the files in the folder.
 *
 * npm run convert -- --split-recurrent public/models/<id>
 *
 * Rewrites a tagger folder of the earlier format (one block-diagonal recurrent matrix) in place
 * (tools/convert/split-recurrent.ts).
 *
 * npm run convert -- --add-style-head training/runs/<run>/style-head.json public/models/<id>
 *
 * Adds a style's own input-bias offset, output layer and CRF (training/fit_style_head.py) to a tagger folder's
 * metadata (tools/convert/add-style-head.ts); the weights the app runs stay as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { QUANTIZATIONS, type ModelIndex, type Quantization } from '../src/model/format.ts';
import { convertCheckpoint } from './convert/convert.ts';
import { convertTagger, isTaggerExport } from './convert/tagger.ts';
import { splitRecurrent } from './convert/split-recurrent.ts';
import { addStyleHead } from './convert/add-style-head.ts';
import { ConversionError } from './convert/errors.ts';

const usage = 'usage: npm run convert -- <checkpoint-dir> --out public/models/<id> [--quantize uint8|float16|none] [--source TEXT] [--card-extra FILE]\n' +
  '       npm run convert -- --split-recurrent public/models/<id>\n' +
  '       npm run convert -- --add-style-head STYLE_HEAD.json public/models/<id>';

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        quantize: { type: 'string', default: 'uint8' },
        source: { type: 'string' },
        'card-extra': { type: 'string' },
        'split-recurrent': { type: 'string' },
        'add-style-head': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values['split-recurrent']) {
    try {
      const { removedBytes } = splitRecurrent(values['split-recurrent']);
      console.log(`split the recurrent matrix of ${values['split-recurrent']}: ${removedBytes.toLocaleString('en-US')} bytes of stored zeros dropped`);
      return 0;
    } catch (e) {
      if (e instanceof ConversionError) {
        console.error(`convert: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  if (values['add-style-head']) {
    if (positionals.length !== 1) {
      console.error(usage);
      return 2;
    }
    try {
      const { style, bytes } = addStyleHead(values['add-style-head'], positionals[0]);
      console.log(`added the "${style}" style's head to ${positionals[0]} (model.json now ${bytes.toLocaleString('en-US')} bytes)`);
      return 0;
    } catch (e) {
      if (e instanceof ConversionError || e instanceof SyntaxError) {
        console.error(`convert: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  if (positionals.length !== 1 || !values.out) {
    console.error(usage);
    return 2;
  }
  if (!QUANTIZATIONS.includes(values.quantize as Quantization)) {
    console.error(`--quantize must be one of ${QUANTIZATIONS.join(', ')}`);
    return 2;
  }
  try {
    const t0 = performance.now();
    const convert = isTaggerExport(positionals[0]) ? convertTagger : convertCheckpoint;
    const r = convert(positionals[0], values.out, {
      quantization: values.quantize as Quantization,
      source: values.source,
      cardExtra: values['card-extra'] ? readFileSync(values['card-extra'], 'utf8') : undefined,
    });
    console.log(`converted ${positionals[0]} -> ${r.outDir} (${values.quantize}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`parameters ${r.parameters.toLocaleString('en-US')}, download ${(r.downloadBytes / 1e6).toFixed(2)} MB`);
    for (const [f, { bytes }] of Object.entries(r.files)) console.log(`  ${f.padEnd(28)} ${bytes.toLocaleString('en-US').padStart(12)} B`);
    updateIndex(r.outDir, r.downloadBytes, values.quantize as Quantization);
    return 0;
  } catch (e) {
    if (e instanceof ConversionError) {
      console.error(`convert: ${e.message}\nnothing was written`);
      return 1;
    }
    throw e;
  }
}

/** Keeps the app's model list (`index.json` beside the model folder) in step: download size and quantization. */
function updateIndex(outDir: string, bytes: number, quantization: Quantization): void {
  const indexPath = join(dirname(resolve(outDir)), 'index.json');
  if (!existsSync(indexPath)) return;
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as ModelIndex;
  const entry = index.models.find((m) => m.id === basename(resolve(outDir)));
  if (!entry) {
    console.log(`note: ${indexPath} has no entry for ${basename(outDir)}; add one for the app to offer this model`);
    return;
  }
  Object.assign(entry, { bytes, quantization });
  writeFileSync(indexPath, JSON.stringify(index, null, 2) + '\n');
  console.log(`updated ${indexPath}: ${entry.id} ${bytes.toLocaleString('en-US')} bytes, ${quantization}`);
}

process.exitCode = main();
