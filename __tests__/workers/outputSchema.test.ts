import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { finalAnswerJsonSchema, outputJsonSchemaFor, plannerAnswerJsonSchema, writeOutputSchema } from '../../src/workers/outputSchema.js';
import { ROLES } from '../../src/plan/types.js';
import { answerSchemaFor, finalAnswerSchema, plannerAnswerSchema } from '../../src/workers/types.js';

type Json = Record<string, unknown>;

/** zod's JSON Schema in the strict-mode dialect: nullable as a type list, no integer bounds. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (typeof node !== 'object' || node === null) return node;
  const obj = { ...(node as Json) };
  delete obj.$schema;
  delete obj.minimum;
  delete obj.maximum;
  if (Array.isArray(obj.anyOf)) {
    const types = (obj.anyOf as Json[]).map((s) => s.type);
    if (types.every((t) => typeof t === 'string')) {
      delete obj.anyOf;
      obj.type = types;
    }
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, normalise(v)]));
}

function everyObjectIsStrict(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return true;
  const s = node as Json;
  if (s.type === 'object') {
    const props = Object.keys(s.properties as Json).sort();
    if (s.additionalProperties !== false) return false;
    if (JSON.stringify([...(s.required as string[])].sort()) !== JSON.stringify(props)) return false;
  }
  return Object.values(s).every(everyObjectIsStrict);
}

const valid = {
  status: 'partial',
  summary: 'two issues',
  findings: [
    { severity: 'high', file: 'src/a.ts', line: 12, title: 'SQL injection', detail: 'user input in a query' },
    { severity: 'info', file: 'README.md', line: null, title: 'typo', detail: 'teh' },
  ],
  pattern: { approach: 'grep for query builders', context: 'Node services' },
};

describe('finalAnswerJsonSchema', () => {
  it('is the JSON Schema of finalAnswerSchema', () => {
    expect(normalise(z.toJSONSchema(finalAnswerSchema))).toEqual(finalAnswerJsonSchema);
  });

  it('is strict-mode compatible: every property required, no extra properties', () => {
    expect(everyObjectIsStrict(finalAnswerJsonSchema)).toBe(true);
    expect(finalAnswerJsonSchema.properties.findings.items.properties.line.type).toEqual(['integer', 'null']);
  });

  it('agrees with the zod schema on sample answers', () => {
    expect(finalAnswerSchema.safeParse(valid).success).toBe(true);
    const bad: unknown[] = [
      { ...valid, status: 'done' },
      { ...valid, pattern: undefined },
      { ...valid, findings: [{ ...valid.findings[0], line: '12' }] },
      { ...valid, findings: [{ ...valid.findings[0], line: 1.5 }] },
      { ...valid, findings: [{ ...valid.findings[0], severity: 'blocker' }] },
    ];
    for (const answer of bad) expect(finalAnswerSchema.safeParse(answer).success).toBe(false);
    // The enums the model is held to are the ones zod accepts.
    expect(finalAnswerJsonSchema.properties.status.enum).toEqual(finalAnswerSchema.shape.status.options);
  });

  it('is written to a file codex can read', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schema-'));
    const file = await writeOutputSchema(path.join(dir, 'nested', 'schema.json'), 'reviewer');
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(finalAnswerJsonSchema);
    const planner = await writeOutputSchema(path.join(dir, 'planner.json'), 'planner');
    expect(JSON.parse(await fs.readFile(planner, 'utf8'))).toEqual(plannerAnswerJsonSchema);
    await fs.rm(dir, { recursive: true });
  });
});

describe('every role schema', () => {
  it.each(ROLES.map((r) => [r]))('%s: strict-mode compatible', (role) => {
    expect(everyObjectIsStrict(outputJsonSchemaFor(role))).toBe(true);
  });

  it('the planner has its own: the JSON Schema of plannerAnswerSchema', () => {
    expect(outputJsonSchemaFor('planner')).toBe(plannerAnswerJsonSchema);
    expect(normalise(z.toJSONSchema(plannerAnswerSchema))).toEqual(plannerAnswerJsonSchema);
  });

  it("a planner's answer is read as a FinalAnswer without findings; a finding-style answer is not a plan", () => {
    const plan = {
      status: 'complete',
      summary: 'two parts',
      subtasks: [{ id: 'a', title: 'api', instructions: 'do it', files: ['src/a.ts'], dependsOn: [] }],
      pattern: { approach: 'split by module', context: 'multi-module changes' },
    };
    expect(answerSchemaFor('planner').parse(plan)).toEqual({ status: 'complete', summary: 'two parts', findings: [], pattern: plan.pattern });
    expect(answerSchemaFor('planner').safeParse(valid).success).toBe(false);
    expect(answerSchemaFor('coder').safeParse(plan).success).toBe(false);
  });
});
