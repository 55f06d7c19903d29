"use client";
import type { ButtonHTMLAttributes } from "react";
import { useHydrated } from "./use-hydrated";

const styles = {
  primary: "flex w-full items-center justify-center gap-2 rounded-lg px-4 py-2.5 bg-primary text-white hover:opacity-90 disabled:bg-zinc-400",
  secondary:
    "flex w-full items-center justify-center gap-2 rounded-lg px-4 py-2.5 bg-surface text-zinc-900 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:text-zinc-400",
  link: "block w-full text-center text-zinc-700 underline disabled:text-zinc-400",
  inline: "text-zinc-700 underline disabled:text-zinc-400",
  danger: "text-red-700 underline disabled:text-zinc-400",
};

/**
 * Every button of the pages: disabled until the page is hydrated (see useHydrated), except the
 * submit button of a form that works without scripts (`plain`: it posts to its server action).
 */
export function Button({
  variant = "primary",
  className = "",
  disabled,
  plain = false,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof styles; plain?: boolean }) {
  const hydrated = useHydrated() || plain;
  return (
    <button
      className={`text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-900 focus-visible:ring-offset-2 ${styles[variant]} ${className}`}
      disabled={disabled || !hydrated}
      {...props}
    />
  );
}
