import type { ButtonHTMLAttributes } from "react";

type SubmitButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  pending: boolean;
  pendingLabel?: string;
  /** "link": looks like a link in text, for the secondary actions beside a page's one main button. */
  variant?: "primary" | "secondary" | "danger" | "link";
};

/** Keeps its accessible name while pending, so role-based locators still find it. */
export function SubmitButton({
  pending,
  pendingLabel,
  variant = "primary",
  children,
  className,
  disabled,
  ...button
}: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={[variant === "link" ? "link-button" : `button button-${variant}`, className].filter(Boolean).join(" ")}
      disabled={pending || disabled}
      aria-busy={pending || undefined}
      {...button}
    >
      {children}
      {pending && (
        <span className="button-pending" aria-hidden="true">
          {" "}
          {pendingLabel ?? "…"}
        </span>
      )}
    </button>
  );
}
