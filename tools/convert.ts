/**
 * npm run convert -- <checkpoint-dir> --out public/models/<id> [--quantize uint8|float16|none] [--card-extra FILE]
 *
 * Turns a Hugging Face BertForTokenClassification checkpoint (config.json with id2label, model.safetensors,
 * vocab.txt) into the app's browser model folder.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { QUANTIZATIONS, type Quantization } from '../src/model/format.ts';
import { convertCheckpoint } from './convert/convert.ts';
import { ConversionError } from './convert/errors.ts';

const usage = 'usage: npm run convert -- <checkpoint-dir> --out public/models/<id> [--quantize uint8|float16|none] [--source TEXT] [--card-extra FILE]';

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
    const r = convertCheckpoint(positionals[0], values.out, {
      quantization: values.quantize as Quantization,
      source: values.source,
      cardExtra: values['card-extra'] ? readFileSync(values['card-extra'], 'utf8') : undefined,
    });
    console.log(`converted ${positionals[0]} -> ${r.outDir} (${values.quantize}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`parameters ${r.parameters.toLocaleString('en-US')}, download ${(r.downloadBytes / 1e6).toFixed(2)} MB`);
    for (const [f, { bytes }] of Object.entries(r.files)) console.log(`  ${f.padEnd(28)} ${bytes.toLocaleString('en-US').padStart(12)} B`);
    return 0;
  } catch (e) {
    if (e instanceof ConversionError) {
      console.error(`convert: ${e.message}\nnothing was written`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
