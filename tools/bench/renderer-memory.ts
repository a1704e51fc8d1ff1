/**
 * Resident memory of a Chromium's renderer processes (the pages and their workers live there), read from
 * /proc: the browser process is found by a marker switch the benchmark passes at launch, its descendants by
 * their parent ids, renderers by `--type=renderer`. Chromium gives a worker no heap figure and
 * `measureUserAgentSpecificMemory` needs a cross-origin-isolated page, so this is what measures the app's
 * memory from outside. Linux only (null elsewhere).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** A switch Chromium ignores, passed so that this run's browser process can be told from any other. */
export function browserMarker(): string {
  return `--bioner-bench=${process.pid}-${Date.now()}`;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Sum of VmRSS (bytes) of the renderer processes under the browser started with `marker`, or null off Linux. */
export function rendererRssBytes(marker: string): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    const stat = read(`/proc/${pid}/stat`);
    // Chromium rewrites its children's command lines into one space-separated string: match on the whole.
    const cmd = (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
    // ppid is the 2nd field after the parenthesised command name.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : -1;
    return { pid: Number(pid), ppid, cmd };
  });
  const root = procs.find((p) => p.cmd.split(' ').includes(marker));
  if (!root) return null;
  const inTree = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!inTree.has(p.pid) && inTree.has(p.ppid)) (inTree.add(p.pid), (grew = true));
  }
  let total = 0;
  for (const p of procs) {
    if (!inTree.has(p.pid) || !p.cmd.includes(' --type=renderer')) continue;
    const kb = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${p.pid}/status`) ?? '');
    if (kb) total += Number(kb[1]) * 1024;
  }
  return total;
}
