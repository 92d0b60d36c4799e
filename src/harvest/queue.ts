import PQueue from 'p-queue';

/**
 * The one queue interface the stage workers use. Jobs are plain JSON (a URL or a sha256: the state
 * lives in the ledger), so a distributed engine (BullMQ: Queue + Worker per stage) can implement it.
 */
export interface StageQueue<J> {
  readonly name: string;
  /** Enqueue a job; resolves once accepted (not when processed). */
  add(job: J, opts?: { priority?: number }): Promise<void>;
  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void>;
  /** Jobs waiting + running. */
  readonly load: number;
  close(): Promise<void>;
}

export interface QueueEngine {
  create<J>(name: string, handler: (job: J) => Promise<void>, opts: { concurrency: number }): StageQueue<J>;
}

/** In-process engine: one p-queue per stage, each with its own concurrency. */
export class PQueueEngine implements QueueEngine {
  /** Errors thrown by handlers (handlers are expected to record their own failures). */
  readonly errors: Array<{ queue: string; error: unknown }> = [];

  create<J>(name: string, handler: (job: J) => Promise<void>, opts: { concurrency: number }): StageQueue<J> {
    const q = new PQueue({ concurrency: opts.concurrency });
    const errors = this.errors;
    return {
      name,
      async add(job: J, o?: { priority?: number }) {
        void q
          .add(() => handler(job), { priority: o?.priority ?? 0 })
          .catch((error: unknown) => {
            errors.push({ queue: name, error });
          });
      },
      onIdle: () => q.onIdle(),
      get load() {
        return q.size + q.pending;
      },
      async close() {
        q.clear();
        await q.onIdle();
      },
    };
  }
}

/** Wait until every queue is idle at the same time (jobs in one stage enqueue jobs in the next). */
export async function drain(queues: Array<StageQueue<unknown>>, extra: () => boolean = () => true): Promise<void> {
  for (;;) {
    for (const q of queues) await q.onIdle();
    await new Promise((r) => setImmediate(r));
    if (queues.every((q) => q.load === 0) && extra()) return;
  }
}
