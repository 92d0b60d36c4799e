import { extractFile } from './src/index.js';
const r = await extractFile(process.argv[2]);
const t = (r as any).tables[process.argv[3]];
console.log(JSON.stringify(t.columns ?? t.header ?? Object.keys(t)).slice(0, 1500));
for (const row of t.rows.slice(0, Number(process.argv[4] ?? 5))) console.log(JSON.stringify({ code: row.code, label: row.label, cells: row.cells.map((c: any) => [c.key, c.column, c.text]) }).slice(0, 600));
