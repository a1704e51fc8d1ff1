import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fetchModel, ModelIntegrityError } from '../src/model/fetch-model.ts';
import { buildTextTagger } from '../src/model/text-tagger.ts';
import { convertTagger } from '../tools/convert/tagger.ts';
import { readModelDir } from '../tools/lib/fs-model.ts';

/** fetch served from a model folder on disk, as the app's origin serves public/models/<id>/. */
function serveFolder(dir: string) {
  vi.stubGlobal('fetch', async (url: string) => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    try {
      return new Response(readFileSync(join(dir, name)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

describe('fetchModel of a tagger with dictionary features', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'fetch-model-'));
    convertTagger('tests/fixtures/tiny-tagger-dictionary', dir, { quantization: 'uint8' });
  });
  afterEach(() => vi.unstubAllGlobals());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('downloads and checks the dictionary with the weights, and the tagger built from them tags as from disk', async () => {
    serveFolder(dir);
    const fetched = await fetchModel('http://127.0.0.1/models/tiny/', () => {});
    expect(fetched.dictionary).toEqual(new Uint8Array(readFileSync(join(dir, 'dictionary.bin'))));
    const text = 'The IL-6 of cancer.\nCisplatin Zq';
    const fromNet = await buildTextTagger(fetched);
    const fromDisk = await buildTextTagger(readModelDir(dir));
    expect(await fromNet.tag([text])).toEqual(await fromDisk.tag([text]));
    fromNet.dispose();
    fromDisk.dispose();
  });

  it('refuses a corrupted dictionary file', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'fetch-model-bad-'));
    try {
      convertTagger('tests/fixtures/tiny-tagger-dictionary', bad, { quantization: 'uint8' });
      const path = join(bad, 'dictionary.bin');
      const bytes = readFileSync(path);
      bytes[bytes.length - 1] ^= 0xff;
      writeFileSync(path, bytes);
      serveFolder(bad);
      await expect(fetchModel('http://127.0.0.1/models/tiny/', () => {})).rejects.toBeInstanceOf(ModelIntegrityError);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
