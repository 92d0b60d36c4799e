import { writeOutput } from '../files/atomic.js';
import { jsonSchemaText, type JsonSchemaName } from '../../schemas/json-schema.js';

/** Prints (or writes atomically to a file) the JSON Schema of a record, a fact row or a sources file. */
export async function runSchema(name: JsonSchemaName, out: string | null): Promise<void> {
  const text = jsonSchemaText(name);
  await writeOutput(out, text);
}
