/** Errors are announced to screen readers as they appear (aria-live), and shown in red. */
export function ErrorMessage({ message, id }: { message?: string; id?: string }) {
  return (
    <div id={id} role="alert" aria-live="assertive" className="min-h-0 text-sm text-red-700" data-testid="error">
      {message ? <p className="rounded-lg bg-red-50 px-3 py-2 ring-1 ring-red-200">{message}</p> : null}
    </div>
  );
}

export function Notice({ message }: { message: string }) {
  return (
    <p role="status" className="rounded-lg bg-blue-50 px-3 py-2 text-sm text-blue-900 ring-1 ring-blue-200">
      {message}
    </p>
  );
}
