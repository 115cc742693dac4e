/**
 * Watches the sources the loop rebuilds from and hands each burst of saves to `onChange` once, 30 ms
 * after the last event (an editor's save is often a write, a rename and a chmod).
 *
 * One inotify watch per directory (fs.watch on the directory, no polling), not fs.watch's
 * `recursive` option: on Linux that one watches files, and loses a file for good once an editor
 * saves it atomically (writes a temporary file and renames it over the old one, as `sed -i`, vim and
 * JetBrains' safe write do). New directories are watched as they appear.
 */
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { type ChangeKind, classify } from './loop.ts';
import type { RepoPaths } from './paths.ts';

export function watchSources(
  paths: RepoPaths,
  onChange: (kinds: Set<ChangeKind>, files: string[]) => void,
  quietMs = 30,
): () => void {
  const kinds = new Set<ChangeKind>();
  const files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers = new Map<string, FSWatcher>();

  const seen = (file: string) => {
    const kind = classify(file, paths);
    if (!kind) return;
    kinds.add(kind);
    files.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = new Set(kinds);
      const changed = [...files];
      kinds.clear();
      files.clear();
      onChange(batch, changed);
    }, quietMs);
  };

  const watchTree = (dir: string) => {
    if (watchers.has(dir) || /(^|\/)(node_modules|generated|\.data)(\/|$)/.test(dir)) return;
    let entries: string[];
    try {
      if (!statSync(dir).isDirectory()) return;
      entries = readdirSync(dir);
    } catch {
      return;
    }
    const watcher = watch(dir, (_event, name) => {
      if (!name) return;
      const path = join(dir, name.toString());
      try {
        if (statSync(path).isDirectory()) return watchTree(path);
      } catch {
        // Removed or renamed away: a change of the file that was there.
      }
      seen(path);
    });
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of entries) watchTree(join(dir, entry));
  };
  for (const dir of [paths.openapi, paths.serverSources, paths.docsContent]) watchTree(dir);

  return () => {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
