import { createRequire } from 'node:module';

/**
 * The SQLite connection the ledger uses, on one of two engines with one small API:
 * - Node's own `node:sqlite` where better-sqlite3 12 is unsafe: on Node ≥ 24.19 its statements are
 *   native ObjectWraps whose destructor aborts the process (`(env) != nullptr` in
 *   RemoveEnvironmentCleanupHook) when a garbage collection frees one outside a JS context;
 * - better-sqlite3 elsewhere (Node 20 has no `node:sqlite`; Node 22 prints an experimental warning).
 * `JUESUAN_SQLITE=node|better-sqlite3` forces one (tests of both engines).
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly engine: SqliteEngine;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** `fn` in a transaction (a savepoint when one is already open): committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): () => T;
  close(): void;
}

export type SqliteEngine = 'node' | 'better-sqlite3';

const require = createRequire(import.meta.url);

export function sqliteEngine(): SqliteEngine {
  const forced = process.env.JUESUAN_SQLITE;
  if (forced === 'node' || forced === 'better-sqlite3') return forced;
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 19) ? 'node' : 'better-sqlite3';
}

export function openSqlite(path: string, opts: { readonly?: boolean } = {}): SqliteDatabase {
  return sqliteEngine() === 'node' ? openNode(path, opts) : openBetter(path, opts);
}

function openBetter(path: string, opts: { readonly?: boolean }): SqliteDatabase {
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(path, { readonly: opts.readonly ?? false });
  return {
    engine: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    prepare: (sql) => db.prepare(sql) as unknown as SqliteStatement,
    transaction: (fn) => db.transaction(fn) as unknown as () => ReturnType<typeof fn>,
    close: () => db.close(),
  };
}

function openNode(path: string, opts: { readonly?: boolean }): SqliteDatabase {
  const { DatabaseSync } = require('node:sqlite') as { DatabaseSync: new (path: string, o: { readOnly: boolean }) => NodeSqlite };
  const db = new DatabaseSync(path, { readOnly: opts.readonly ?? false });
  let depth = 0;
  // Rows as plain objects (node:sqlite gives null-prototype ones), as better-sqlite3 gives them.
  const plain = (row: unknown) => (row && typeof row === 'object' ? { ...(row as object) } : row);
  return {
    engine: 'node',
    exec: (sql) => db.exec(sql),
    prepare: (sql) => {
      const st = db.prepare(sql);
      return {
        run: (...p) => {
          const r = st.run(...p);
          return { changes: Number(r.changes), lastInsertRowid: r.lastInsertRowid };
        },
        get: (...p) => plain(st.get(...p)),
        all: (...p) => st.all(...p).map(plain),
      };
    },
    transaction:
      <T>(fn: () => T) =>
      (): T => {
        const name = `sp${depth}`;
        db.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
        depth++;
        try {
          const out = fn();
          depth--;
          db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
          return out;
        } catch (e) {
          depth--;
          db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
          throw e;
        }
      },
    close: () => db.close(),
  };
}

/** The part of node:sqlite's DatabaseSync used here (the @types/node of Node 20 has no node:sqlite). */
interface NodeSqlite {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}
