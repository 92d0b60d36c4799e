import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { JSON_SCHEMA_NAMES, jsonSchema, jsonSchemaText } from '../schemas/json-schema.js';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import type { DocumentRecord } from '../schemas/record.js';

const SEED = 'test/fixtures/text/hanyang-xinfang-2020.txt';

describe('JSON Schemas of the public formats (schemas/*.schema.json)', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  let record: DocumentRecord;
  beforeAll(async () => {
    record = await extractDocument({ bytes: new Uint8Array(readFileSync(SEED)), fileName: SEED, sourcePath: SEED });
  }, 60_000);

  it.each(JSON_SCHEMA_NAMES.options)('the committed %s schema is the one the zod schemas give (node --import tsx scripts/make-json-schemas.ts)', (name) => {
    expect(readFileSync(`schemas/${name}.schema.json`, 'utf8')).toBe(jsonSchemaText(name));
  });

  it('a real record, as written to disk, is valid; a record with an amount as a number is not', () => {
    const validate = ajv.compile(jsonSchema('record'));
    const onDisk = JSON.parse(JSON.stringify(record));
    expect(validate(onDisk)).toBe(true);
    const cell = onDisk.tables.t1.rows.find((r: { cells: { kind: string }[] }) => r.cells.some((c) => c.kind === 'number')).cells.find((c: { kind: string }) => c.kind === 'number');
    cell.value = 707.12;
    expect(validate(onDisk)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath.endsWith('/value'))).toBe(true);
  });

  it('every exported fact of the record is valid; an unknown table id is not', () => {
    const validate = ajv.compile(jsonSchema('facts'));
    const facts = recordFacts(record);
    expect(facts.length).toBeGreaterThan(300);
    expect(facts.every((f) => validate(JSON.parse(JSON.stringify(f))))).toBe(true);
    expect(validate({ ...facts[0], table_id: 't10' })).toBe(false);
  });

  it('the bundled sources.yaml is valid as a user writes it; a site without a listing is not', () => {
    const validate = ajv.compile(jsonSchema('sources'));
    const sources = parseYaml(readFileSync('samples/sources.yaml', 'utf8'));
    expect(validate(sources)).toBe(true);
    expect(validate({ sites: [{ id: 'x', region: '演示市' }] })).toBe(false);
  });
});
