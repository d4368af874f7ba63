/**
 * The JSON Schemas codex passes to the model with `--output-schema`, one per kind of answer. They
 * mirror `finalAnswerSchema` and `plannerAnswerSchema` in the Responses API's strict-mode dialect:
 * every property required, no extra properties, optional values as a `null` union.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Role } from '../plan/types.js';
import { SEVERITIES } from './types.js';

const str = { type: 'string' } as const;

export const finalAnswerJsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['complete', 'partial', 'failed'] },
    summary: str,
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: [...SEVERITIES] },
          file: str,
          line: { type: ['integer', 'null'] },
          title: str,
          detail: str,
        },
        required: ['severity', 'file', 'line', 'title', 'detail'],
        additionalProperties: false,
      },
    },
    pattern: {
      type: 'object',
      properties: { approach: str, context: str },
      required: ['approach', 'context'],
      additionalProperties: false,
    },
  },
  required: ['status', 'summary', 'findings', 'pattern'],
  additionalProperties: false,
} as const;

const strings = { type: 'array', items: str } as const;

export const plannerAnswerJsonSchema = {
  type: 'object',
  properties: {
    status: finalAnswerJsonSchema.properties.status,
    summary: str,
    subtasks: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: str, title: str, instructions: str, files: strings, dependsOn: strings },
        required: ['id', 'title', 'instructions', 'files', 'dependsOn'],
        additionalProperties: false,
      },
    },
    pattern: finalAnswerJsonSchema.properties.pattern,
  },
  required: ['status', 'summary', 'subtasks', 'pattern'],
  additionalProperties: false,
} as const;

export function outputJsonSchemaFor(role: Role): typeof finalAnswerJsonSchema | typeof plannerAnswerJsonSchema {
  return role === 'planner' ? plannerAnswerJsonSchema : finalAnswerJsonSchema;
}

/** Writes the role's schema where `codex exec --output-schema` can read it; returns the path. */
export async function writeOutputSchema(file: string, role: Role): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(outputJsonSchemaFor(role), null, 2)}\n`);
  return file;
}
