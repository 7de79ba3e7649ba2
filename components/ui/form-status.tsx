type FormStatusProps = { id?: string; error?: string; success?: string; info?: string };

/** Always rendered, so screen readers announce what appears in it. */
export function FormStatus({ id, error, success, info }: FormStatusProps) {
  return (
    <div id={id} aria-live="polite" aria-atomic="true" className="form-status">
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {success && !error && <p className="alert alert-success">{success}</p>}
      {info && !error && <p className="alert alert-info">{info}</p>}
    </div>
  );
}
