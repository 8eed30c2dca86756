/** A failed send; `permanent` means retrying cannot help (a 4xx from a webhook, a refused address). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
