/**
 * What a worker's process may see of our environment, and hiding our own secrets from
 * `/proc/<pid>/environ`, which any process of the same user (a worker's shell) can read.
 */
import fs from 'node:fs';

const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'CI',
  'HOSTNAME',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'RUNNER_TEMP',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TOOL_CACHE',
  'RUNNER_WORKSPACE',
  'ImageOS',
  'ImageVersion',
  'GITHUB_ACTIONS',
  'GITHUB_WORKSPACE',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_EVENT_NAME',
  'GOROOT',
  'GOPATH',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'PYENV_ROOT',
  'VIRTUAL_ENV',
  'NVM_DIR',
  'DOTNET_ROOT',
  'ANDROID_HOME',
  'ANDROID_SDK_ROOT',
  'CHROME_BIN',
  'PIPX_HOME',
  'PIPX_BIN_DIR',
]);
const ALLOWED_PATTERNS = [/^LC_[A-Z]+$/, /^JAVA_HOME(_\w+)?$/];
/** Proxies are kept only without credentials in their URL. */
const PROXY_NAMES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']);
/** A second line of defence: never passed on even if listed above. */
const DENIED = [
  /^INPUT_/i,
  /^ACTIONS_/i,
  /^OPENAI_/i,
  /^CODEX_/i,
  /^ANTHROPIC_/i,
  /^CLAUDE_/i,
  /^GITHUB_TOKEN$/i,
  /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL/i,
];

/** Where the action and the CLI receive secrets: inputs, the runner's service tokens, the usual variables. */
export const SECRET_ENV_NAMES = [
  'INPUT_OPENAI-API-KEY',
  'INPUT_ANTHROPIC-API-KEY',
  'INPUT_GITHUB-TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
];

/**
 * The environment for the tools this process runs itself (git, npm): its own, less the secrets,
 * plus `extra`. They may run while workers do, and a worker's shell can read their
 * /proc/<pid>/environ as well as ours.
 */
export function toolEnv(extra: Record<string, string> = {}, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && !SECRET_ENV_NAMES.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export function workerEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || DENIED.some((re) => re.test(name))) continue;
    const allowed = ALLOWED_NAMES.has(name) || ALLOWED_PATTERNS.some((re) => re.test(name));
    const safeProxy = PROXY_NAMES.has(name) && !/:\/\/[^/]*@/.test(value);
    if (allowed || safeProxy) env[name] = value;
  }
  return env;
}

/**
 * Overwrites the values of `names` in this process's initial environment block (what
 * `/proc/<pid>/environ` shows) with `*`, keeping them usable through `process.env`.
 * Linux only; returns false, changing nothing, where it cannot.
 */
export function scrubOwnEnviron(names: string[]): boolean {
  if (process.platform !== 'linux') return false;
  let fd: number;
  let start: number;
  let end: number;
  try {
    // proc(5): fields 50 and 51 of /proc/self/stat, counted after the parenthesised command name.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    start = Number(fields[50 - 3]);
    end = Number(fields[51 - 3]);
    // User-space addresses fit in 53 bits (fs positions as bigint fail on /proc/self/mem).
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) return false;
    fd = fs.openSync('/proc/self/mem', 'r+');
  } catch {
    return false;
  }
  try {
    const block = Buffer.alloc(end - start);
    if (fs.readSync(fd, block, 0, block.length, start) !== block.length) return false;
    const targets = new Set(names.filter((n) => process.env[n] !== undefined));
    // setenv() copies each value to the heap and repoints environ there, so process.env keeps
    // working after the original bytes are gone.
    for (const name of targets) process.env[name] = String(process.env[name]);
    let offset = 0;
    while (offset < block.length) {
      let next = block.indexOf(0, offset);
      if (next === -1) next = block.length;
      const eq = block.indexOf(0x3d, offset);
      if (eq > offset && eq < next && targets.has(block.toString('utf8', offset, eq))) {
        const stars = Buffer.alloc(next - eq - 1, '*');
        fs.writeSync(fd, stars, 0, stars.length, start + eq + 1);
      }
      offset = next + 1;
    }
    return true;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}
