import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Each tool answers --help with its usage and a wrong option with a message and the usage, never a stack trace.
const run = (tool: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', `tools/${tool}.ts`, ...args], { encoding: 'utf8' });

describe('the command-line tools', () => {
  it.each(['tag', 'eval', 'eval-linking', 'eval-species', 'eval-variants', 'bench', 'build-lexicon', 'build-dictionary', 'export-encoder-data', 'model-sizes', 'dictionary-features'])(
    '%s prints its usage for --help and rejects an unknown option with exit code 2',
    (tool) => {
      const help = run(tool, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`npm run ${tool} --`);
      const wrong = run(tool, '--no-such-option');
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('--no-such-option');
      expect(wrong.stderr).toContain(`usage: npm run ${tool} --`);
      expect(wrong.stderr).not.toMatch(/\n\s+at /);
    },
    // Each spawns Node and loads a tool's imports: no time limit of its own on a loaded machine.
    600_000,
  );
});
