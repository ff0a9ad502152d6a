// A process-wide cap on jobs in flight, shared by the per-queue BullMQ Workers. A slot is taken
// before a job is fetched, so a capped process never holds jobs it cannot start.

/** A counting semaphore with FIFO waiters that can be closed (shutdown: stop fetching). */
export class Slots {
  private used = 0;
  private closed = false;
  private readonly waiters: Array<(ok: boolean) => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1`);
  }

  /** Slots taken (jobs being fetched or processed). */
  get inUse(): number {
    return this.used;
  }

  /** True when a consumer is waiting for a slot: a finishing job should hand its slot over. */
  get contended(): boolean {
    return this.waiters.length > 0;
  }

  /** True once close() ran: no new slots are handed out. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Take a slot, waiting in line if none is free; resolves false once closed. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.used < this.capacity && this.waiters.length === 0) {
      this.used++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Take a free slot now or report false; never waits (and never jumps the line). */
  tryAcquire(): boolean {
    if (this.closed || this.used >= this.capacity || this.waiters.length > 0) return false;
    this.used++;
    return true;
  }

  /** Give a slot back; the next waiter, if any, gets it directly. */
  release(): void {
    if (this.used <= 0) throw new Error('Slots.release without a matching acquire');
    const next = this.closed ? undefined : this.waiters.shift();
    if (next) next(true);
    else this.used--;
  }

  /** Refuse every waiter and all future acquires; slots in use stay until released. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }
}
