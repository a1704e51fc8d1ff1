/**
 * Stands in for onnxruntime-web/-node in the browser bundle. @xenova/transformers imports an ONNX runtime
 * at module load, but its tokenizers never run one; the real runtime would add ~2.8 MB and a direct eval
 * (which the page's Content-Security-Policy forbids) to the worker.
 */
export class Tensor {}
export const env = { wasm: {} as Record<string, unknown> };
export class InferenceSession {
  static create(): never {
    throw new Error('ONNX models are not supported in this app');
  }
}
export default { Tensor, env, InferenceSession };
