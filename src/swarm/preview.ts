/**
 * A dry run: what a run of this plan would send, without running it — each worker's role, files
 * and prompt (as it would start: the plan's prompt plus the memory patterns it would be given),
 * its size in bytes and roughly in tokens. No model, no Codex, nothing written.
 */
import type { Plan, WorkerSpec } from '../plan/types.js';
import type { SwarmMemory } from './types.js';

export interface WorkerPreview {
  id: string;
  role: WorkerSpec['role'];
  sandbox: WorkerSpec['sandbox'];
  files: string[];
  dependsOn: string[];
  promptBytes: number;
  /** About 4 bytes a token for English and code; the worker's own reading comes on top. */
  promptTokens: number;
  /** Keys of the memory patterns its prompt would carry. */
  patterns: string[];
}

export interface PlanPreview {
  plan: Plan;
  workers: WorkerPreview[];
  totalPromptBytes: number;
  totalPromptTokens: number;
}

const BYTES_PER_TOKEN = 4;

export async function previewPlan(plan: Plan, memory?: Pick<SwarmMemory, 'beforeWorker'>): Promise<PlanPreview> {
  const workers: WorkerPreview[] = [];
  for (const spec of plan.workers) {
    const fromMemory = memory ? await memory.beforeWorker(spec) : { promptSection: '', keys: [] };
    const prompt = [spec.prompt, fromMemory.promptSection].filter(Boolean).join('\n\n');
    const promptBytes = Buffer.byteLength(prompt);
    workers.push({
      id: spec.id,
      role: spec.role,
      sandbox: spec.sandbox,
      files: spec.files,
      dependsOn: spec.dependsOn,
      promptBytes,
      promptTokens: Math.ceil(promptBytes / BYTES_PER_TOKEN),
      patterns: fromMemory.keys,
    });
  }
  return {
    plan,
    workers,
    totalPromptBytes: workers.reduce((sum, w) => sum + w.promptBytes, 0),
    totalPromptTokens: workers.reduce((sum, w) => sum + w.promptTokens, 0),
  };
}
