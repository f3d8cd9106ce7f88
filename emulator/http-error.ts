// Webex's error body: { message, errors: [{ description }], trackingId }.

export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(
  message: string,
  trackingId: string,
): { message: string; errors: { description: string }[]; trackingId: string } {
  return { message, errors: [{ description: message }], trackingId };
}

export const badRequest = (m: string) => new EmulatorHttpError(400, m);
export const forbidden = (m: string) => new EmulatorHttpError(403, m);
export const notFound = (m = "The requested resource could not be found.") => new EmulatorHttpError(404, m);
