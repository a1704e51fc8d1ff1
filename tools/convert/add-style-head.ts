/**
 * Adds a style's own head (training/fit_style_head.py's style-head.json: the style's input-bias offset, its
 * output layer and CRF) to a converted BiLSTM tagger folder, in its metadata (TaggerMetadata.styles and
 * styleHeads); the weights the app runs are left as they are. files.json and the card's file table follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES, type TaggerCrf, type TaggerMetadata } from '../../src/model/format.ts';
import { rewriteModelFiles } from './convert.ts';
import { ConversionError } from './errors.ts';

/** What training/fit_style_head.py writes. */
interface StyleHeadFile {
  style: string;
  offset: number[];
  out: number[][];
  outBias: number[];
  crf: TaggerCrf;
  develF1?: number;
}

/** Six significant digits: float32 holds about seven, and model.json stays small. */
const round = (v: number) => Number(v.toPrecision(6));

function check(cond: boolean, what: string): void {
  if (!cond) throw new ConversionError(`style head: ${what}`);
}

export function addStyleHead(headFile: string, dir: string): { style: string; bytes: number } {
  const head = JSON.parse(readFileSync(headFile, 'utf8')) as StyleHeadFile;
  const json = JSON.parse(readFileSync(join(dir, MODEL_FILES.graph), 'utf8'));
  const meta = json.userDefinedMetadata as TaggerMetadata;
  check(meta?.kind === 'tagger' && meta.encoder === 'bilstm', `${dir} holds no BiLSTM tagger`);
  const labels = meta.crf.start.length;
  const finite = (xs: number[]) => xs.every((x) => Number.isFinite(x));
  check(typeof head.style === 'string' && head.style.length > 0, 'no style name');
  check(Array.isArray(head.offset) && head.offset.length === 8 * meta.hidden && finite(head.offset), `offset must hold ${8 * meta.hidden} numbers`);
  check(Array.isArray(head.out) && head.out.length === 2 * meta.hidden && head.out.every((r) => r.length === labels && finite(r)),
    `out must be [${2 * meta.hidden}][${labels}]`);
  check(Array.isArray(head.outBias) && head.outBias.length === labels && finite(head.outBias), `outBias must hold ${labels} numbers`);
  check(head.crf?.transitions?.length === labels && head.crf.transitions.every((r) => r.length === labels) &&
    head.crf.start?.length === labels && head.crf.end?.length === labels, `crf must be ${labels} labels wide`);
  meta.styles = { ...meta.styles, [head.style]: head.offset.map(round) };
  meta.styleHeads = {
    ...meta.styleHeads,
    [head.style]: {
      out: head.out.map((r) => r.map(round)),
      outBias: head.outBias.map(round),
      // the CRF's scores are exact in the format (its -1e4 penalties included)
      crf: { transitions: head.crf.transitions, start: head.crf.start, end: head.crf.end },
    },
  };
  const files = rewriteModelFiles(dir, [[MODEL_FILES.graph, JSON.stringify(json)]]);
  return { style: head.style, bytes: files[MODEL_FILES.graph].bytes };
}
