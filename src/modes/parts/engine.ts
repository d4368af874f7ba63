/** How the action's workers run: the model they reach, Codex and Claude Code, and what the inputs set for every run. */
import * as core from '@actions/core';
import type { ActionInputs } from '../../config/inputs.js';
import { renderInstructionsSection, type ProjectInstructions } from '../../plan/instructions.js';
import type { Plan } from '../../plan/types.js';
import type { RunEngine } from '../../run/lifecycle.js';
import type { ModelEndpoint } from '../../swarm/types.js';
import { claudeSetup } from '../../workers/claudeSetup.js';
import { parseCodexArgs } from '../../workers/codexArgs.js';
import { normalizeResponsesEndpoint } from '../../workers/modelProxy.js';
import { resolveCodex } from '../../workers/resolveCodex.js';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** What the inputs set for every run's workers. */
export function inputsEngine(inputs: ActionInputs): RunEngine {
  return {
    codexArgs: parseCodexArgs(inputs['codex-args']),
    model: modelEndpoint(inputs),
    // Per job: each work job's proxy holds its own count.
    budget: { maxTokens: inputs['max-tokens'], maxTokensPerWorker: inputs['max-tokens-per-worker'] },
    workerTimeoutMs: inputs['worker-timeout-minutes'] * 60_000,
    maxParallel: inputs['max-parallel'],
    // The checkout stays as found; `apply` commits from the combined patch instead.
    applyPatches: false,
  };
}

/** What the trusted instructions add: Codex's own AGENTS.md loading off, our section in every prompt. */
export function instructionsEngine(inputs: ActionInputs, instructions: ProjectInstructions): Partial<RunEngine> {
  return { codexArgs: [...parseCodexArgs(inputs['codex-args']), ...instructions.codexArgs], instructions: renderInstructionsSection(instructions) };
}

/** The Codex CLI, resolved (installed once into the tool cache when missing). */
export async function resolveCodexPath(inputs: ActionInputs): Promise<string> {
  const codex = await resolveCodex({ version: inputs['codex-version'] });
  core.info(`codex-swarm: Codex CLI ${codex.version} (${codex.source}).`);
  return codex.path;
}

/** The Claude Code engine for the plan's Claude workers, resolved once the plan is known; none when no worker runs on Claude. */
export async function claudeEngineFor(inputs: ActionInputs, plan: Plan): Promise<Partial<RunEngine>> {
  const claude = await claudeSetup({
    specs: plan.workers,
    apiKey: inputs['anthropic-api-key'],
    baseUrl: inputs['anthropic-base-url'],
    model: inputs['claude-model'],
    version: inputs['claude-code-version'],
    maxTurns: inputs['claude-max-turns'],
    onResolved: (tool) => core.info(`codex-swarm: Claude Code ${tool.version} (${tool.source}).`),
  });
  return claude ? { claude } : {};
}

/** The model the workers reach through the proxy. */
export function modelEndpoint(inputs: ActionInputs): ModelEndpoint {
  return {
    baseUrl: inputs['responses-api-endpoint'] ? normalizeResponsesEndpoint(inputs['responses-api-endpoint']) : OPENAI_BASE_URL,
    apiKey: inputs['openai-api-key'] || undefined,
    ...modelTuningFromEnv(),
  };
}

/**
 * Codex retries a failed model request several times with back-off; the end-to-end tests make it
 * fail fast. Not an input: no user needs it, and a comment can never reach the environment.
 */
function modelTuningFromEnv() {
  const raw = process.env.CODEX_SWARM_TEST_MODEL_RETRIES;
  if (raw === undefined) return {};
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? { tuning: { requestMaxRetries: n, streamMaxRetries: n } } : {};
}
