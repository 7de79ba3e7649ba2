type FormStatusProps = { id?: string; error?: string; success?: string };

/** Always rendered, so screen readers announce what appears in it. */
export function FormStatus({ id, error, success }: FormStatusProps) {
  return (
    <div id={id} aria-live="polite" aria-atomic="true" className="form-status">
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {success && !error && <p className="alert alert-success">{success}</p>}
    </div>
  );
}
