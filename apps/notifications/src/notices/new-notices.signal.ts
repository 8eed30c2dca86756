import { Injectable } from '@nestjs/common';

/**
 * "New notices are waiting": features that insert notices outside the delivery folder (an agency's settings change)
 * tell the delivery worker through this, so they need not depend on it. The worker listens; nothing else does.
 */
@Injectable()
export class NewNoticesSignal {
  private listener?: () => void;

  /** The one listener (the delivery worker): called on every `notify`. */
  listen(listener: () => void): void {
    this.listener = listener;
  }

  notify(): void {
    this.listener?.();
  }
}
