/**
 * Jest global setup: the tests' processes get a HOME of their own. Codex runs every command in a
 * login shell (`bash -lc`), which would otherwise read this machine's dotfiles: slow, and some
 * stall every later shell (pyenv's rehash lock, left behind when a test kills a shell inside it,
 * makes each `bash -lc` wait 60 s). Workers are spawned after this runs, so they inherit it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export default function hermeticHome() {
  const home = path.resolve('node_modules/.cache/codex-swarm-tests/home');
  mkdirSync(home, { recursive: true });
  process.env.HOME = home;
}
