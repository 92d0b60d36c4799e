/**
 * Writes schemas/<name>.schema.json from the zod schemas (test/json-schema.test.ts fails when a committed
 * file is stale).   node --import tsx scripts/make-json-schemas.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSON_SCHEMA_NAMES, jsonSchemaText } from '../schemas/json-schema.js';

for (const name of JSON_SCHEMA_NAMES.options) {
  const file = path.resolve('schemas', `${name}.schema.json`);
  writeFileSync(file, jsonSchemaText(name));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
