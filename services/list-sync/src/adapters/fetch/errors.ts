import { QuarantineReason } from '@cordon/contracts';
import { CordonError } from '@cordon/platform';

/** A failure to get a source's files; `reason` is what the quarantine alert reports. */
export class AcquireError extends CordonError {
  constructor(
    readonly reason: QuarantineReason,
    message: string,
    options: { retriable: boolean; cause?: unknown } = { retriable: true },
  ) {
    super(`ACQUIRE_${QuarantineReason[reason]}`, message, options);
  }
}
