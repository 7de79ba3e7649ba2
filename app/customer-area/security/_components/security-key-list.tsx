"use client";

import { useCallback, useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { SecurityKeyItem } from "@/lib/two-factor/security-keys";
import { SECURITY_KEY_NAME_MAX_LENGTH } from "@/lib/validations/security-keys";
import { removeSecurityKeyAction, renameSecurityKeyAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

type SecurityKeyListProps = {
  keys: SecurityKeyItem[];
  /** Removing the last key would leave the user without any method: its Remove explains instead. */
  isSoleMethod: boolean;
  onAddKey: () => void;
};

/**
 * The user's keys under the `Security key or passkey` row: name, added, last
 * used; `Rename`, `Remove`, and one more key. Nothing is listed without keys,
 * but the dialogs stay mounted, so removing the last one still shows its done step.
 */
export function SecurityKeyList({ keys, isSoleMethod, onAddKey }: SecurityKeyListProps) {
  const [dialog, setDialog] = useState<{ kind: "rename" | "remove"; key: SecurityKeyItem } | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const lastKeyLocked = isSoleMethod && keys.length === 1;

  return (
    <div className="security-keys">
      {keys.length > 0 && (
        <>
          <ul className="browser-list" aria-label="Your security keys and passkeys">
            {keys.map((key) => {
              const detailsId = `security-key-${key.id}`;
              return (
                <li key={key.id} className="browser-item">
                  <div className="browser-details" id={detailsId}>
                    <p className="browser-name">{key.name}</p>
                    <p className="method-note">
                      <span className="browser-fact">
                        Added <LocalTime date={key.createdAt} />
                      </span>
                      <span className="browser-fact">
                        {key.lastUsedAt ? (
                          <>
                            Last used <LocalTime date={key.lastUsedAt} />
                          </>
                        ) : (
                          "Not used to sign in yet"
                        )}
                      </span>
                    </p>
                  </div>
                  <div className="form-actions browser-action">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-describedby={detailsId}
                      onClick={() => setDialog({ kind: "rename", key })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-describedby={lastKeyLocked ? `${detailsId} ${detailsId}-locked` : detailsId}
                      aria-disabled={lastKeyLocked || undefined}
                      onClick={() => {
                        if (!lastKeyLocked) setDialog({ kind: "remove", key });
                      }}
                    >
                      Remove
                    </button>
                  </div>
                  {lastKeyLocked && (
                    <p className="method-note" id={`${detailsId}-locked`}>
                      Your only key is your only method: add another key, or turn on another method, to remove it.
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          <button type="button" className="button button-secondary" onClick={onAddKey}>
            Add another key
          </button>
        </>
      )}
      <RenameKeyDialog securityKey={dialog?.kind === "rename" ? dialog.key : null} onClose={close} />
      <RemoveKeyDialog
        securityKey={dialog?.kind === "remove" ? dialog.key : null}
        isLastKey={keys.length === 1}
        onClose={close}
      />
    </div>
  );
}

type KeyDialogProps = { securityKey: SecurityKeyItem | null; onClose: () => void };

function RenameKeyDialog({ securityKey, onClose }: KeyDialogProps) {
  const [done, setDone] = useState<{ notificationSent: boolean } | null>(null);
  const close = useCallback(() => {
    setDone(null);
    onClose();
  }, [onClose]);
  const onRenamed = useCallback((result: { notificationSent: boolean }) => setDone(result), []);
  return (
    <ModalDialog open={securityKey !== null} title="Rename security key or passkey" onClose={close}>
      {done ? (
        <MethodChangedStep message="The key is renamed." notificationSent={done.notificationSent} onDone={close} />
      ) : (
        securityKey && (
          <PasswordStep
            action={renameSecurityKeyAction}
            onSuccess={onRenamed}
            buttonLabel="Rename key"
            intro="Enter the new name and your password, and click the Rename key button."
          >
            <input type="hidden" name="keyId" value={securityKey.id} />
            <div className="field">
              <label htmlFor="rename-key-name">New name</label>
              <input
                id="rename-key-name"
                name="name"
                defaultValue={securityKey.name}
                required
                autoComplete="off"
                maxLength={SECURITY_KEY_NAME_MAX_LENGTH}
              />
            </div>
          </PasswordStep>
        )
      )}
    </ModalDialog>
  );
}

function RemoveKeyDialog({ securityKey, isLastKey, onClose }: KeyDialogProps & { isLastKey: boolean }) {
  const [done, setDone] = useState<{ notificationSent: boolean; methodTurnedOff: boolean } | null>(null);
  const close = useCallback(() => {
    setDone(null);
    onClose();
  }, [onClose]);
  const onRemoved = useCallback((result: { notificationSent: boolean; methodTurnedOff: boolean }) => setDone(result), []);
  return (
    <ModalDialog open={securityKey !== null} title="Remove security key or passkey" onClose={close}>
      {done ? (
        <MethodChangedStep
          message={
            done.methodTurnedOff
              ? "The key is removed and Security key or passkey is turned off. Your other method keeps protecting your sign-in."
              : "The key is removed. It can no longer be used to sign in."
          }
          notificationSent={done.notificationSent}
          onDone={close}
        />
      ) : (
        securityKey && (
          <PasswordStep
            action={removeSecurityKeyAction}
            onSuccess={onRemoved}
            buttonLabel="Remove key"
            buttonVariant="danger"
            intro={`Enter your password and click the Remove key button to remove “${securityKey.name}”.`}
          >
            {isLastKey && (
              <p className="alert alert-info">
                This is your last key: removing it turns off Security key or passkey. Your other method stays on.
              </p>
            )}
            <p className="method-note">Browsers you trusted will ask for a verification again at the next sign-in.</p>
            <input type="hidden" name="keyId" value={securityKey.id} />
          </PasswordStep>
        )
      )}
    </ModalDialog>
  );
}
