/**
 * A provider refused or failed a delivery. `response` is what it answered, in a line a person reads in
 * the delivery log. A permanent refusal (a channel that does not exist, a bad address) is not retried;
 * anything else is, after `retryAfterMs` when the provider said how long to wait.
 */
export class DeliveryError extends Error {
  constructor(
    readonly response: string,
    readonly permanent: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(response);
    this.name = 'DeliveryError';
  }
}
