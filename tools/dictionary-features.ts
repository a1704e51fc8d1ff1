/**
 * npm run dictionary-features -- [--dictionary training/runs/dictionary/dictionary.bin] < words.jsonl > patterns.jsonl
 * npm run dictionary-features -- --types      (the dictionary's types, in pattern order, as JSON)
 *
 * For the trainer (training/dictionary_features.py): each input line a JSON array of a sentence's words (the
 * app's split), each output line the JSON array of their dictionary patterns (src/ner/dictionary-features.ts),
 * so training sees exactly the features the app computes.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Dictionary } from '../src/ner/dictionary-features.ts';
import { DICTIONARY_TYPES } from '../src/model/format.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run dictionary-features -- [--dictionary training/runs/dictionary/dictionary.bin] < words.jsonl > patterns.jsonl\n       npm run dictionary-features -- --types';

const { values } = parseCli(USAGE, {
  options: { dictionary: { type: 'string', default: 'training/runs/dictionary/dictionary.bin' }, types: { type: 'boolean', default: false } },
});
if (values.types) {
  console.log(JSON.stringify(DICTIONARY_TYPES));
  process.exit(0);
}
const dict = Dictionary.fromBytes(new Uint8Array(readFileSync(values.dictionary!)), DICTIONARY_TYPES);
const out: string[] = [];
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line) continue;
  out.push(JSON.stringify(Array.from(dict.patternsOf(JSON.parse(line) as string[]))));
  if (out.length >= 1000) process.stdout.write(out.splice(0).join('\n') + '\n');
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
