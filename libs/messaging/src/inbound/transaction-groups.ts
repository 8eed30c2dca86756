/** Bounds of group commit. */
export interface GroupCommitLimits {
  /** Transactions running at once; what arrives meanwhile waits and goes into the next one together. */
  groupsAtOnce: number;
  /** Items one transaction takes at most (a job larger than this goes alone). */
  maxItemsPerGroup: number;
}

interface Waiting<J, R> {
  job: J;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: jobs submitted while `groupsAtOnce` transactions are running (the batches of partitions
 * consumed at the same time) run together in the next one, so a figure that several of them move is written
 * once and the fixed cost of a transaction is paid once. A group that fails for a reason `splitOnFailure`
 * accepts (a permanent one: some job's data) is run again job by job, so one job's failure fails only itself;
 * any other failure (a transient one) fails every job of the group, each caller retrying its own.
 */
export class TransactionGroups<J, R> {
  private readonly waiting: Waiting<J, R>[] = [];
  private running = 0;

  constructor(
    private readonly run: (jobs: J[]) => Promise<R[]>,
    private readonly sizeOf: (job: J) => number,
    private readonly limits: GroupCommitLimits,
    private readonly splitOnFailure: (error: unknown) => boolean,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      if (this.running < this.limits.groupsAtOnce) {
        this.running++;
        // One turn of the event loop lets the batches kafkajs hands over together join one group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.nextGroup();
        try {
          const results = await this.run(group.map((w) => w.job));
          group.forEach((w, i) => w.resolve(results[i]));
        } catch (error) {
          if (group.length === 1 || !this.splitOnFailure(error)) for (const w of group) w.reject(error);
          else for (const w of group) await this.run([w.job]).then(([result]) => w.resolve(result), w.reject);
        }
      }
    } finally {
      this.running--;
    }
  }

  /** The jobs waiting, in order, up to maxItemsPerGroup items (at least one job). */
  private nextGroup(): Waiting<J, R>[] {
    let items = this.sizeOf(this.waiting[0].job);
    let count = 1;
    while (
      count < this.waiting.length &&
      items + this.sizeOf(this.waiting[count].job) <= this.limits.maxItemsPerGroup
    ) {
      items += this.sizeOf(this.waiting[count].job);
      count++;
    }
    return this.waiting.splice(0, count);
  }
}
