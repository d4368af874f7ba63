/** What a worker's process may see of our environment: a short allow-list, secrets never. */

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
  // A self-hosted runner's end-of-job sweep finds leftover processes by it; not a secret.
  'RUNNER_TRACKING_ID',
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
const DENIED = [/^INPUT_/i, /^ACTIONS_/i, /^OPENAI_/i, /^CODEX_/i, /^GITHUB_TOKEN$/i, /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL/i];

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
