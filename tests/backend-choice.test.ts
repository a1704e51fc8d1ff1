import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, fastest } from '../src/model/backend-names.ts';

describe('automatic backend choice', () => {
  it('keeps the fastest measured backend, the earlier one in the order on a tie, none when nothing was measured', () => {
    expect(fastest({ webgl: 850, wasm: 120 })).toBe('wasm');
    expect(fastest({ webgpu: 40, webgl: 60, wasm: 120 })).toBe('webgpu');
    expect(fastest({ webgl: 100, wasm: 100 })).toBe('webgl');
    expect(fastest({})).toBeNull();
    expect(BACKEND_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});
