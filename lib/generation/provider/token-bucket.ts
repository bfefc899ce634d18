/**
 * An in-process tokens-per-minute limiter for one provider (e.g. a 90,000 TPM account limit shared by the
 * workers of this process). The bucket holds at most one minute's worth and refills continuously.
 *
 * Callers take an estimate before a request (prompt + max_tokens) and `adjust` by the difference once the
 * real usage is known. The level may go negative: a request larger than the whole bucket still runs once the
 * bucket is full, and the debt delays those after it. Waiters are served first come, first served, so small
 * requests cannot starve a large one.
 */
export class TokenBucket {
  private readonly capacity: number;
  private level: number;
  private updatedAt: number;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `tokensPerMinute` null means unlimited; `now` is injectable so tests can drive the clock. */
  constructor(
    readonly tokensPerMinute: number | null,
    private readonly now: () => number = Date.now,
  ) {
    if (tokensPerMinute !== null && !(tokensPerMinute > 0)) {
      throw new Error(`tokensPerMinute must be a positive number or null, got ${tokensPerMinute}`);
    }
    this.capacity = tokensPerMinute ?? Number.POSITIVE_INFINITY;
    this.level = this.capacity;
    this.updatedAt = now();
  }

  /** Resolves once `tokens` may be spent; rejects with the signal's reason if it aborts first. */
  take(tokens: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tokensPerMinute === null || tokens <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve };
      if (signal) {
        const onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index < 0) return;
          this.queue.splice(index, 1);
          // The head may have been the one holding the others back.
          if (index === 0) this.pump();
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.resolve = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
      }
      this.queue.push(waiter);
      if (this.queue.length === 1) this.pump();
    });
  }

  /** Corrects a take once real usage is known: positive when more was used than estimated, negative to refund. */
  adjust(actualMinusEstimated: number): void {
    if (this.tokensPerMinute === null || actualMinusEstimated === 0) return;
    this.refill();
    this.level = Math.min(this.capacity, this.level - actualMinusEstimated);
    if (this.queue.length > 0) this.pump();
  }

  /** Tokens available right now (may be negative after an overdraw). */
  available(): number {
    this.refill();
    return this.level;
  }

  private refill(): void {
    const now = this.now();
    const perMs = this.capacity / 60_000;
    this.level = Math.min(this.capacity, this.level + Math.max(0, now - this.updatedAt) * perMs);
    this.updatedAt = now;
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.refill();
    while (this.queue.length > 0) {
      const head = this.queue[0] as Waiter;
      const needed = Math.min(head.tokens, this.capacity);
      if (this.level < needed) {
        const waitMs = Math.max(1, Math.ceil(((needed - this.level) * 60_000) / this.capacity));
        this.timer = setTimeout(() => this.pump(), waitMs);
        return;
      }
      this.level -= head.tokens;
      this.queue.shift();
      head.resolve();
    }
  }
}

type Waiter = { tokens: number; resolve: () => void };
