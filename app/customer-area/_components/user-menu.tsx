"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { SignOutButton } from "./sign-out-button";

type UserMenuProps = { name: string; email: string; isOwner: boolean };

/** A disclosure: the button says who is signed in and opens the account links. */
export function UserMenu({ name, email, isOwner }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnOutsideClick = (event: MouseEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("mousedown", closeOnOutsideClick);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("mousedown", closeOnOutsideClick);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);

  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <div
      className="user-menu"
      ref={container}
      onBlur={(event) => {
        // Tabbing out of the menu closes it, as clicking outside does. (A click can blur
        // with no related target, e.g. in Safari; the outside-click handler covers that.)
        const next = event.relatedTarget;
        if (open && next && !container.current?.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
        <span>{name}</span>
        <span className="visually-hidden">, user menu</span>
      </button>
      <nav id={panelId} className="user-menu-panel" hidden={!open} aria-label="User menu">
        <div className="user-menu-identity">
          <strong>{name}</strong>
          <span>{email}</span>
        </div>
        <ul>
          <li>
            <Link href="/customer-area/security" onClick={() => setOpen(false)}>
              Security and access
            </Link>
          </li>
          {isOwner && (
            <li>
              <Link href="/customer-area/users" onClick={() => setOpen(false)}>
                Users
              </Link>
            </li>
          )}
          <li>
            <SignOutButton />
          </li>
        </ul>
      </nav>
    </div>
  );
}
