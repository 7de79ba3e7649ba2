type FormStatusProps = { id?: string; error?: string; success?: string; info?: string };

/**
 * Errors are alerts (announced at once); confirmations are status messages
 * (announced politely). Each is announced once: no live region around an alert.
 */
export function FormStatus({ id, error, success, info }: FormStatusProps) {
  return (
    <div id={id} className="form-status">
      {error && (
        // Focusable from script, so a form can move the focus to what went wrong.
        <p className="alert alert-error" role="alert" tabIndex={-1}>
          {error}
        </p>
      )}
      {success && !error && (
        <p className="alert alert-success" role="status">
          {success}
        </p>
      )}
      {info && !error && <p className="alert alert-info">{info}</p>}
    </div>
  );
}
