/** The error every PNG reader/writer problem raises; the message says what is wrong and where. */
export class PngError extends Error {
  constructor(message: string) {
    super(`PNG: ${message}`);
    this.name = 'PngError';
  }
}
