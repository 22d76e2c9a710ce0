/**
 * A delivery that did not happen, with a reason fit for what the organisation's members read (the alert
 * history, the console's delivery list): never the raw socket error (ECONNREFUSED against a timeout tells open
 * ports from closed ones). The raw error is the `cause`, for the operator's log. A `permanent` failure (the
 * channel is no longer configured) is not retried.
 */
export class DeliveryFailed extends Error {
  readonly permanent: boolean;

  constructor(reason: string, options?: { cause?: unknown; permanent?: boolean }) {
    super(reason, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryFailed';
    this.permanent = options?.permanent ?? false;
  }
}

/** What an unexpected error (not a DeliveryFailed) is called where members read it. */
export const DELIVERY_FAILED = 'the delivery failed';
