/**
 * The JSON Schema codex passes to the model with `--output-schema`. It mirrors `finalAnswerSchema`
 * in the Responses API's strict-mode dialect: every property required, no extra properties,
 * optional values as a `null` union.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
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

/** Writes the schema where `codex exec --output-schema` can read it; returns the path. */
export async function writeOutputSchema(file: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(finalAnswerJsonSchema, null, 2)}\n`);
  return file;
}
