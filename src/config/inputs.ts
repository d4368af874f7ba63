import { z } from 'zod';
import { parseEngineOverrides } from '../plan/engines.js';
import { INSTRUCTION_MODES } from '../plan/instructions.js';
import { ENGINE_MODES } from '../plan/types.js';
import { SEVERITIES } from '../workers/types.js';
import { InputError } from '../util/inputError.js';

export { InputError };

/**
 * Every action input, validated once at start. `parseInputs` takes a getter so the same rules
 * serve the action (core.getInput) and tests; an invalid input fails with the input's name and
 * what it accepts.
 */

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const optionalInt = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' || v === 'auto' ? undefined : v))
    .pipe(int(name, min, max).optional());

const list = z.string().transform((v) =>
  v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean),
);

/** `true` or `false`, any case. */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false']))
  .transform((value) => value === 'true');

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), `${name} must be an http(s) URL`);

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false']))
  .transform((v) => v === 'true');

export const FAIL_ON = ['error', 'never', ...SEVERITIES] as const;

export const inputsSchema = z.object({
  command: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['', 'review', 'test', 'code', 'docs', 'audit'])),
  task: z.string(),
  paths: list,
  workers: optionalInt('workers', 1, 64),
  'max-parallel': int('max-parallel', 1, 64),
  'max-files-per-worker': int('max-files-per-worker', 1, 100_000),
  'max-bytes-per-worker': int('max-bytes-per-worker', 1, 100_000_000),
  'max-workers': int('max-workers', 1, 2048),
  mode: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['all', 'plan', 'work', 'aggregate'])),
  shard: optionalInt('shard', 1, 256),
  'workers-per-job': int('workers-per-job', 1, 64),
  model: z.string().trim(),
  effort: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
  'openai-api-key': z.string().trim(),
  'responses-api-endpoint': url('responses-api-endpoint'),
  'codex-version': z
    .string()
    .trim()
    .regex(/^[\w.-]*$/, 'codex-version must be a version such as 0.169.0 or "latest"'),
  'codex-args': z.string(),
  engine: z.string().trim().toLowerCase().pipe(z.enum(ENGINE_MODES)),
  engines: z.string().transform((v, ctx) => {
    try {
      return parseEngineOverrides(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `engines: ${(err as Error).message}` });
      return z.NEVER;
    }
  }),
  'anthropic-api-key': z.string().trim(),
  'anthropic-base-url': url('anthropic-base-url'),
  'claude-model': z
    .string()
    .trim()
    .regex(/^[\w.:/[\]-]*$/, 'claude-model must be a model name such as claude-sonnet-4-5'),
  'claude-code-version': z
    .string()
    .trim()
    .regex(/^[\w.-]*$/, 'claude-code-version must be a version such as 2.1.332 or "latest"'),
  'claude-max-turns': int('claude-max-turns', 1, 1000),
  'project-instructions': z.string().trim().toLowerCase().pipe(z.enum(INSTRUCTION_MODES)),
  'max-tokens': optionalInt('max-tokens', 1, 1e12),
  'max-tokens-per-worker': optionalInt('max-tokens-per-worker', 1, 1e12),
  'worker-timeout-minutes': z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'worker-timeout-minutes must be a number of minutes')
    .transform(Number)
    .pipe(z.number().positive('worker-timeout-minutes must be more than 0').max(360)),
  'github-token': z.string().trim(),
  'apply-token': z.string().trim(),
  'trigger-phrase': z.string().trim().min(1, 'trigger-phrase may not be empty').regex(/^\S+$/, 'trigger-phrase may not contain spaces'),
  'allowed-bots': list,
  'include-drafts': flag,
  'dry-run': flag,
  'plan-approval': flag,
  comment: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['sticky', 'off'])),
  'artifact-name': z
    .string()
    .trim()
    .regex(/^[^"<>|*?:\\/\r\n]*$/, 'artifact-name may not contain " : < > | * ? \\ / or newlines'),
  'retention-days': optionalInt('retention-days', 1, 90),
  apply: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['none', 'commit', 'pull-request'])),
  'audit-label': z.string().trim().min(1, 'audit-label may not be empty'),
  'fail-on': z.string().trim().toLowerCase().pipe(z.enum(FAIL_ON)),
  'rate-limit-wait-minutes': int('rate-limit-wait-minutes', 0, 360),
  'inline-comments': bool,
  annotations: bool,
  incremental: bool,
  memory: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['cache', 'off'])),
  'memory-key': z
    .string()
    .trim()
    .regex(/^[^,]{0,200}$/, 'memory-key may not contain commas and is at most 200 characters'),
  'memory-threshold': z
    .string()
    .trim()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'memory-threshold must be a number from 0 to 1')
    .transform(Number),
  'memory-limit': int('memory-limit', 1, 50),
  'memory-max-entries': int('memory-max-entries', 10, 1_000_000),
  feedback: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['learn', 'off'])),
  'memory-max-deltas': int('memory-max-deltas', 1, 1000),
  // GitHub keeps an artifact at most 90 days (400 in private repositories of some plans).
  'memory-retention-days': int('memory-retention-days', 1, 400),
});

export type ActionInputs = z.infer<typeof inputsSchema>;
export type InputName = keyof ActionInputs;

/** Defaults, the same ones action.yml documents (a test keeps the two in step). */
export const INPUT_DEFAULTS: Record<InputName, string> = {
  command: '',
  task: '',
  paths: '',
  workers: 'auto',
  'max-parallel': '4',
  'max-files-per-worker': '40',
  'max-bytes-per-worker': '160000',
  'max-workers': '64',
  mode: 'all',
  shard: '',
  'workers-per-job': '8',
  model: '',
  effort: '',
  'openai-api-key': '',
  'responses-api-endpoint': '',
  'codex-version': '',
  'codex-args': '',
  engine: 'codex',
  engines: '',
  'anthropic-api-key': '',
  'anthropic-base-url': '',
  'claude-model': '',
  'claude-code-version': '',
  'claude-max-turns': '50',
  'project-instructions': 'base',
  'max-tokens': '',
  'max-tokens-per-worker': '',
  'worker-timeout-minutes': '20',
  'github-token': '',
  'apply-token': '',
  'trigger-phrase': '/swarm',
  'allowed-bots': '',
  'include-drafts': 'false',
  'dry-run': 'false',
  'plan-approval': 'false',
  comment: 'sticky',
  'artifact-name': '',
  'retention-days': '',
  apply: 'none',
  'audit-label': 'codex-swarm-audit',
  'fail-on': 'error',
  'rate-limit-wait-minutes': '10',
  'inline-comments': 'true',
  annotations: 'true',
  incremental: 'true',
  memory: 'cache',
  'memory-key': '',
  'memory-threshold': '0.7',
  'memory-limit': '5',
  'memory-max-entries': '5000',
  feedback: 'learn',
  'memory-max-deltas': '100',
  'memory-retention-days': '30',
};

export function parseInputs(get: (name: InputName) => string): ActionInputs {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(INPUT_DEFAULTS) as InputName[]) {
    const v = get(name);
    raw[name] = v === '' ? INPUT_DEFAULTS[name] : v;
  }
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = name === 'openai-api-key' || name.endsWith('-token') ? '' : ` (got "${raw[name]}")`;
      return `input "${name}": ${i.message}${shown}`;
    });
    throw new InputError(`Invalid action input.\n${lines.join('\n')}`);
  }
  return parsed.data;
}
