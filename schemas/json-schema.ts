import { z } from 'zod';
import { FactSchema } from './facts.js';
import { DocumentRecordSchema } from './record.js';
import { SourcesSchema } from './sources.js';

/**
 * JSON Schemas (draft 2020-12) of the public file formats, generated from the zod schemas so they cannot
 * drift: a record as written (output side), a fact row of `juesuan export`, and a sources.yaml as a user
 * writes it (input side: defaults may be left out). Shipped as schemas/<name>.schema.json.
 */
export const JSON_SCHEMA_NAMES = z.enum(['record', 'facts', 'sources']);
export type JsonSchemaName = z.infer<typeof JSON_SCHEMA_NAMES>;

const SOURCES: Record<JsonSchemaName, { schema: z.ZodType; io: 'input' | 'output'; title: string }> = {
  record: { schema: DocumentRecordSchema, io: 'output', title: 'juesuan document record (output/<region>/<department>/<year>.<kind>.json)' },
  facts: { schema: FactSchema, io: 'output', title: 'juesuan tidy fact (one row of juesuan export)' },
  sources: { schema: SourcesSchema, io: 'input', title: 'juesuan harvest sources (sources.yaml)' },
};

export function jsonSchema(name: JsonSchemaName): Record<string, unknown> {
  const { schema, io, title } = SOURCES[name];
  return { $id: `urn:juesuan:schema:${name}`, title, ...z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) };
}

/** The text of schemas/<name>.schema.json (stable: two-space JSON and a final newline). */
export function jsonSchemaText(name: JsonSchemaName): string {
  return `${JSON.stringify(jsonSchema(name), null, 2)}\n`;
}
